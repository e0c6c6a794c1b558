/**
 * Persistence of segments: live rows in `segments`, every saved version in `segment_versions`
 * (immutable, appended in the same transaction as the change), and the current reference graph
 * in `segment_references`. Validation of predicates happens before; this module enforces what
 * needs the database: unique names, existing references, no cycles, optimistic concurrency and
 * no deletion of referenced segments.
 */
import { fromBinary, fromJsonString, toBinary, toJsonString } from "@bufbuild/protobuf";
import type { Knex } from "knex";
import { PredicateSchema, type Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { EvaluationCostSchema, type EvaluationCost } from "../../gen/kontorion/segments/v1/segment_pb.js";
import { msToSqlDatetime, sqlDatetimeToMs } from "../db/sql-datetime.js";
import { UserError } from "../errors/user-error.js";
import type { SegmentRecord } from "./segment-record.js";
import { protoSegmentReferences } from "./proto-segment-references.js";
import { findReferenceCycle } from "./reference-cycle.js";

/** A reference found in a predicate, with the path of its node. */
export interface ReferenceAt {
  readonly segmentId: string;
  readonly path: string;
}

/** Input of a new segment. */
export interface NewSegment {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly predicate: Predicate;
  readonly references: readonly ReferenceAt[];
  readonly cost: EvaluationCost | undefined;
  readonly nowMs: number;
}

/** Input of an update; unset fields keep their value. */
export interface SegmentChange {
  readonly id: string;
  readonly expectedVersion: number;
  readonly name: string | undefined;
  readonly description: string | undefined;
  /** New predicate with its references, or undefined to keep the current one. */
  readonly predicate: { readonly predicate: Predicate; readonly references: readonly ReferenceAt[] } | undefined;
  /**
   * Cost of the new predicate, computed by the caller, which knows the evaluation pipeline;
   * ignored when the predicate is kept (the current version's cost carries over).
   */
  readonly cost: EvaluationCost | undefined;
  readonly nowMs: number;
}

/** Sort orders of the segment listing. */
export type SegmentListOrder = "name" | "cost_desc" | "update_time_desc";

/** Keyset position after the last row of a page. */
export interface SegmentListPosition {
  readonly key: string | number;
  readonly id: string;
}

interface SegmentRow {
  id: string;
  name: string;
  description: string;
  current_version: number;
  cost_rows: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

interface VersionRow {
  segment_id: string;
  version: number;
  name: string;
  description: string;
  predicate: Buffer;
  cost_json: string | null;
  created_at: string;
}

const GRAPH_LOCK = "reference_graph";

/** Database access for segments. */
export class SegmentRepository {
  constructor(private readonly knex: Knex) {}

  /** Saves a new segment at version 1. */
  async create(input: NewSegment): Promise<SegmentRecord> {
    const now = msToSqlDatetime(input.nowMs);
    try {
      await this.knex.transaction(async (trx) => {
        await lockGraph(trx);
        await assertReferencesExist(trx, input.references);
        await trx("segments").insert({
          id: input.id,
          name: input.name,
          active_name: input.name,
          description: input.description,
          current_version: 1,
          cost_rows: costRows(input.cost),
          created_at: now,
          updated_at: now,
        });
        await insertVersion(trx, input.id, 1, input.name, input.description, input.predicate, input.cost, now);
        await replaceReferences(trx, input.id, input.references);
      });
    } catch (err) {
      throw mapDuplicateName(err, input.name);
    }
    return this.get(input.id, 0);
  }

  /** A segment at `version`, or its current version when `version` is 0. NOT_FOUND if absent or deleted. */
  async get(id: string, version: number): Promise<SegmentRecord> {
    const segment = await this.knex<SegmentRow>("segments").where({ id }).whereNull("deleted_at").first();
    if (!segment) throw notFound(id);
    const wanted = version === 0 ? segment.current_version : version;
    const row = await this.knex<VersionRow>("segment_versions").where({ segment_id: id, version: wanted }).first();
    if (!row) throw new UserError("not_found", "version", `segment ${id} has no version ${version}`);
    return toRecord(segment, row);
  }

  /** Saves a new version if `expectedVersion` is current; otherwise ABORTED and nothing is written. */
  async update(change: SegmentChange): Promise<SegmentRecord> {
    let name = "";
    try {
      await this.knex.transaction(async (trx) => {
        await lockGraph(trx);
        const segment = await trx<SegmentRow>("segments").where({ id: change.id }).whereNull("deleted_at").forUpdate().first();
        if (!segment) throw notFound(change.id);
        if (segment.current_version !== change.expectedVersion) {
          throw new UserError(
            "aborted",
            "expected_version",
            `segment ${change.id} is at version ${segment.current_version}, not ${change.expectedVersion}: read it again and retry`,
          );
        }
        const current = await trx<VersionRow>("segment_versions").where({ segment_id: change.id, version: segment.current_version }).first();
        if (!current) throw new Error(`segment ${change.id} lacks its current version row`);
        name = change.name ?? segment.name;
        const description = change.description ?? segment.description;
        const predicate = change.predicate?.predicate ?? fromBinary(PredicateSchema, current.predicate);
        const cost = change.predicate ? change.cost : parseCost(current.cost_json);
        if (change.predicate) {
          await assertReferencesExist(trx, change.predicate.references);
          await assertNoCycle(trx, change.id, change.predicate.references);
        }
        const version = segment.current_version + 1;
        const now = msToSqlDatetime(change.nowMs);
        await insertVersion(trx, change.id, version, name, description, predicate, cost, now);
        await trx("segments").where({ id: change.id }).update({
          name,
          active_name: name,
          description,
          current_version: version,
          cost_rows: costRows(cost),
          updated_at: now,
        });
        if (change.predicate) await replaceReferences(trx, change.id, change.predicate.references);
      });
    } catch (err) {
      throw mapDuplicateName(err, name);
    }
    return this.get(change.id, 0);
  }

  /** Soft-deletes a segment and returns the version it was at; FAILED_PRECONDITION while live segments reference it. */
  async delete(id: string, expectedVersion: number, nowMs: number): Promise<number> {
    return this.knex.transaction(async (trx) => {
      await lockGraph(trx);
      const segment = await trx<SegmentRow>("segments").where({ id }).whereNull("deleted_at").forUpdate().first();
      if (!segment) throw notFound(id);
      if (expectedVersion !== 0 && segment.current_version !== expectedVersion) {
        throw new UserError("aborted", "expected_version", `segment ${id} is at version ${segment.current_version}, not ${expectedVersion}`);
      }
      const dependents: { id: string; name: string }[] = await trx("segment_references as r")
        .join("segments as s", "s.id", "r.segment_id")
        .where("r.referenced_segment_id", id)
        .whereNull("s.deleted_at")
        .orderBy("s.name")
        .select("s.id", "s.name");
      if (dependents.length > 0) {
        const list = dependents.map((d) => `${d.id} (${d.name})`).join(", ");
        throw new UserError("failed_precondition", "id", `segment ${id} is referenced by ${list}: remove those references first`);
      }
      await trx("segments").where({ id }).update({ active_name: null, deleted_at: msToSqlDatetime(nowMs) });
      await trx("segment_references").where({ segment_id: id }).delete();
      return segment.current_version;
    });
  }

  /** One page of live segments at their current version, after `after` in `order`. */
  async list(order: SegmentListOrder, pageSize: number, after: SegmentListPosition | undefined): Promise<SegmentRecord[]> {
    const sortKey = SORT_KEYS[order];
    const q = this.knex<SegmentRow>("segments as s")
      .join<VersionRow>("segment_versions as v", function joinCurrent() {
        this.on("v.segment_id", "=", "s.id").andOn("v.version", "=", "s.current_version");
      })
      .whereNull("s.deleted_at")
      .select("s.*", "v.predicate", "v.cost_json", "v.version", { version_created_at: "v.created_at" });
    if (after) {
      const cmp = sortKey.descending ? "<" : ">";
      q.where((w) => {
        w.whereRaw(`${sortKey.sql} ${cmp} ?`, [after.key]).orWhere((w2) => {
          w2.whereRaw(`${sortKey.sql} = ?`, [after.key]).andWhere("s.id", ">", after.id);
        });
      });
    }
    q.orderByRaw(`${sortKey.sql} ${sortKey.descending ? "DESC" : "ASC"}, s.id ASC`).limit(pageSize);
    const rows = (await q) as (SegmentRow & VersionRow & { version_created_at: string })[];
    return rows.map((r) => toRecord(r, { ...r, created_at: r.version_created_at }));
  }

  /** The keyset position of a record in a listing order. */
  positionOf(order: SegmentListOrder, record: SegmentRecord): SegmentListPosition {
    switch (order) {
      case "name":
        return { key: record.name, id: record.id };
      case "cost_desc":
        return { key: costRows(record.cost) ?? -1, id: record.id };
      case "update_time_desc":
        return { key: msToSqlDatetime(record.updatedAtMs), id: record.id };
      default: {
        const impossible: never = order;
        throw new Error(`unknown order ${String(impossible)}`);
      }
    }
  }

  /** Versions of a live segment, newest first, below `beforeVersion` (exclusive) when given. */
  async listVersions(id: string, pageSize: number, beforeVersion: number | undefined): Promise<SegmentRecord[]> {
    const segment = await this.knex<SegmentRow>("segments").where({ id }).whereNull("deleted_at").first();
    if (!segment) throw notFound(id);
    const q = this.knex<VersionRow>("segment_versions").where({ segment_id: id }).orderBy("version", "desc").limit(pageSize);
    if (beforeVersion !== undefined) q.andWhere("version", "<", beforeVersion);
    const rows = await q;
    return rows.map((row) => toRecord(segment, row));
  }

  /** Current versions of the given live segments (missing ids are absent from the map). */
  async currentVersions(ids: readonly string[]): Promise<Map<string, SegmentRecord>> {
    if (ids.length === 0) return new Map();
    return this.loadCurrent((q) => q.whereIn("s.id", ids));
  }

  /** How many of `ids` are live, and the sum of their current versions (see VersionStamp). */
  async versionStamp(ids: readonly string[]): Promise<{ count: number; versionSum: number }> {
    const row = (await this.knex("segments")
      .whereIn("id", ids)
      .whereNull("deleted_at")
      .first(this.knex.raw("COUNT(*) AS n"), this.knex.raw("COALESCE(SUM(current_version), 0) AS v"))) as { n: number | string; v: number | string } | undefined;
    return { count: Number(row?.n ?? 0), versionSum: Number(row?.v ?? 0) };
  }

  /** Current versions of every live segment. */
  async allCurrent(): Promise<Map<string, SegmentRecord>> {
    return this.loadCurrent((q) => q);
  }

  private async loadCurrent(filter: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<Map<string, SegmentRecord>> {
    const q = this.knex("segments as s")
      .join("segment_versions as v", function joinCurrent() {
        this.on("v.segment_id", "=", "s.id").andOn("v.version", "=", "s.current_version");
      })
      .whereNull("s.deleted_at")
      .select("s.*", "v.predicate", "v.cost_json", "v.version", { version_created_at: "v.created_at" });
    const rows = (await filter(q)) as (SegmentRow & VersionRow & { version_created_at: string })[];
    return new Map(rows.map((r) => [r.id, toRecord(r, { ...r, created_at: r.version_created_at })]));
  }
}

const SORT_KEYS: Readonly<Record<SegmentListOrder, { sql: string; descending: boolean }>> = {
  name: { sql: "s.name", descending: false },
  cost_desc: { sql: "COALESCE(s.cost_rows, -1)", descending: true },
  update_time_desc: { sql: "s.updated_at", descending: true },
};

async function lockGraph(trx: Knex.Transaction): Promise<void> {
  await trx("segment_locks").where({ name: GRAPH_LOCK }).forUpdate().select("name");
}

async function assertReferencesExist(trx: Knex.Transaction, refs: readonly ReferenceAt[]): Promise<void> {
  if (refs.length === 0) return;
  const ids = [...new Set(refs.map((r) => r.segmentId))];
  const live = new Set<string>(await trx("segments").whereIn("id", ids).whereNull("deleted_at").pluck("id"));
  const missing = refs.find((r) => !live.has(r.segmentId));
  if (missing) {
    throw new UserError("invalid_argument", missing.path, `referenced segment ${missing.segmentId} does not exist`);
  }
}

async function assertNoCycle(trx: Knex.Transaction, id: string, refs: readonly ReferenceAt[]): Promise<void> {
  const edges = async (from: readonly string[]): Promise<Map<string, string[]>> => {
    const rows: { segment_id: string; referenced_segment_id: string }[] = await trx("segment_references").whereIn("segment_id", from);
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.segment_id, [...(map.get(r.segment_id) ?? []), r.referenced_segment_id]);
    return map;
  };
  for (const ref of refs) {
    const cycle = await findReferenceCycle(id, ref.segmentId, edges);
    if (cycle) {
      throw new UserError("invalid_argument", ref.path, `reference would create a cycle: ${cycle.join(" → ")}`);
    }
  }
}

async function replaceReferences(trx: Knex.Transaction, id: string, refs: readonly ReferenceAt[]): Promise<void> {
  await trx("segment_references").where({ segment_id: id }).delete();
  const ids = [...new Set(refs.map((r) => r.segmentId))];
  if (ids.length > 0) {
    await trx("segment_references").insert(ids.map((ref) => ({ segment_id: id, referenced_segment_id: ref })));
  }
}

async function insertVersion(
  trx: Knex.Transaction,
  id: string,
  version: number,
  name: string,
  description: string,
  predicate: Predicate,
  cost: EvaluationCost | undefined,
  now: string,
): Promise<void> {
  await trx("segment_versions").insert({
    segment_id: id,
    version,
    name,
    description,
    predicate: Buffer.from(toBinary(PredicateSchema, predicate)),
    cost_json: cost ? toJsonString(EvaluationCostSchema, cost) : null,
    created_at: now,
  });
}

function parseCost(json: string | null): EvaluationCost | undefined {
  return json ? fromJsonString(EvaluationCostSchema, json) : undefined;
}

function costRows(cost: EvaluationCost | undefined): number | null {
  return cost ? Number(cost.estimatedRowsExamined) : null;
}

function toRecord(segment: SegmentRow, row: VersionRow): SegmentRecord {
  const predicate = fromBinary(PredicateSchema, new Uint8Array(row.predicate));
  return {
    id: segment.id,
    name: row.name,
    description: row.description,
    version: row.version,
    predicate,
    createdAtMs: sqlDatetimeToMs(segment.created_at),
    updatedAtMs: sqlDatetimeToMs(row.created_at),
    cost: parseCost(row.cost_json),
    references: protoSegmentReferences(predicate),
  };
}

function notFound(id: string): UserError {
  return new UserError("not_found", "id", `segment ${id} not found`);
}

function mapDuplicateName(err: unknown, name: string): unknown {
  if (typeof err === "object" && err !== null && (err as { code?: string }).code === "ER_DUP_ENTRY") {
    const message = String((err as { sqlMessage?: string }).sqlMessage ?? "");
    if (message.includes("segments_active_name_uq")) {
      return new UserError("already_exists", "name", `a segment named ${JSON.stringify(name)} already exists`);
    }
  }
  return err;
}
