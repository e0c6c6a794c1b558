/**
 * The reference graph of live segments (`segment_references`: one row per segment and segment it
 * references) and the rules kept with it: references point at live segments, never close a
 * cycle, and a referenced segment is not deleted. Every change of the graph runs in a
 * transaction that first takes the graph lock, so two concurrent changes cannot each pass the
 * cycle check and together close a cycle.
 */
import type { Knex } from "knex";
import { SEGMENTS_TABLE, SEGMENT_LOCKS_TABLE, SEGMENT_REFERENCES_TABLE, type ReferenceRow } from "../db/segment-store-tables.js";
import { UserError } from "../errors/user-error.js";
import { findReferenceCycle } from "./reference-cycle.js";

/** A reference found in a predicate, with the path of its node. */
export interface ReferenceAt {
  readonly segmentId: string;
  readonly path: string;
}

const GRAPH_LOCK = "reference_graph";

/** Takes the graph lock (the row `reference_graph` of `segment_locks`) until `trx` ends. */
export async function lockReferenceGraph(trx: Knex.Transaction): Promise<void> {
  await trx(SEGMENT_LOCKS_TABLE).where({ name: GRAPH_LOCK }).forUpdate().select("name");
}

/** INVALID_ARGUMENT at the reference's path unless every referenced segment is live. */
export async function assertReferencesExist(trx: Knex.Transaction, refs: readonly ReferenceAt[]): Promise<void> {
  if (refs.length === 0) return;
  const ids = [...new Set(refs.map((r) => r.segmentId))];
  const live = new Set<string>(await trx(SEGMENTS_TABLE).whereIn("id", ids).whereNull("deleted_at").pluck("id"));
  const missing = refs.find((r) => !live.has(r.segmentId));
  if (missing) {
    throw new UserError("invalid_argument", missing.path, `referenced segment ${missing.segmentId} does not exist`);
  }
}

/** INVALID_ARGUMENT at the reference's path, naming the cycle, if segment `id` referencing `refs` would close one. */
export async function assertNoReferenceCycle(trx: Knex.Transaction, id: string, refs: readonly ReferenceAt[]): Promise<void> {
  const edges = async (from: readonly string[]): Promise<Map<string, string[]>> => {
    const rows: ReferenceRow[] = await trx(SEGMENT_REFERENCES_TABLE).whereIn("segment_id", from);
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.segment_id, [...(map.get(r.segment_id) ?? []), r.referenced_segment_id]);
    return map;
  };
  for (const ref of refs) {
    const cycle = await findReferenceCycle(id, ref.segmentId, edges);
    if (cycle) {
      throw new UserError("invalid_argument", ref.path, `reference would create a cycle: ${cycle.join(" → ")}`, "REFERENCE_CYCLE");
    }
  }
}

/** FAILED_PRECONDITION, listing them by name, while live segments reference segment `id`. */
export async function assertNotReferenced(trx: Knex.Transaction, id: string): Promise<void> {
  const dependents: { id: string; name: string }[] = await trx(`${SEGMENT_REFERENCES_TABLE} as r`)
    .join(`${SEGMENTS_TABLE} as s`, "s.id", "r.segment_id")
    .where("r.referenced_segment_id", id)
    .whereNull("s.deleted_at")
    .orderBy("s.name")
    .select("s.id", "s.name");
  if (dependents.length > 0) {
    const list = dependents.map((d) => `${d.id} (${d.name})`).join(", ");
    throw new UserError("failed_precondition", "id", `segment ${id} is referenced by ${list}: remove those references first`);
  }
}

/** Makes `refs` (deduplicated) the outgoing references of segment `id`. */
export async function replaceReferences(trx: Knex.Transaction, id: string, refs: readonly ReferenceAt[]): Promise<void> {
  await removeReferences(trx, id);
  const ids = [...new Set(refs.map((r) => r.segmentId))];
  if (ids.length > 0) {
    await trx(SEGMENT_REFERENCES_TABLE).insert(ids.map((ref) => ({ segment_id: id, referenced_segment_id: ref })));
  }
}

/** Removes the outgoing references of segment `id` (when it is deleted). */
export async function removeReferences(trx: Knex.Transaction, id: string): Promise<void> {
  await trx(SEGMENT_REFERENCES_TABLE).where({ segment_id: id }).delete();
}
