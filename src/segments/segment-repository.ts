/**
 * Persistence of segments: live rows in `segments`, every saved version in `segment_versions`
 * (immutable, appended in the same transaction as the change), and the current reference graph
 * in `segment_references`. Validation of predicates happens before; this module enforces what
 * needs the database: unique names, existing references, no cycles, optimistic concurrency and
 * no deletion of referenced segments.
 */
import type { Knex } from "knex";
import {
  SEGMENTS_TABLE,
  SEGMENT_VERSIONS_TABLE,
  type SegmentRow,
  type VersionRow,
  type VersionStampRow,
  versionStampColumns,
} from "../db/segment-store-tables.js";
import { msToSqlDatetime, sqlDatetimeToMs } from "../db/sql-datetime.js";
import { UserError } from "../errors/user-error.js";
import type { EvaluationCost } from "../explain/evaluation-cost.js";
import type { StoredPredicate } from "../lower/stored-predicate.js";
import type { SegmentRecord } from "./segment-record.js";
import {
  assertNoReferenceCycle,
  assertNotReferenced,
  assertReferencesExist,
  lockReferenceGraph,
  removeReferences,
  replaceReferences,
  type ReferenceAt,
} from "./reference-graph.js";
import { decodeStoredCost, encodeStoredCost } from "./stored-cost.js";

/** Input of a new segment. */
export interface NewSegment {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly predicate: StoredPredicate;
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
  readonly predicate: { readonly predicate: StoredPredicate; readonly references: readonly ReferenceAt[] } | undefined;
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

/** A live segment row joined with the row of its current version. */
type CurrentRow = SegmentRow & VersionRow & { version_created_at: string };

/** Database access for segments. */
export class SegmentRepository {
  constructor(private readonly knex: Knex) {}

  /** Saves a new segment at version 1. */
  async create(input: NewSegment): Promise<SegmentRecord> {
    const now = msToSqlDatetime(input.nowMs);
    try {
      await this.knex.transaction(async (trx) => {
        await lockReferenceGraph(trx);
        await assertReferencesExist(trx, input.references);
        await trx(SEGMENTS_TABLE).insert({
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
    const segment = await this.knex<SegmentRow>(SEGMENTS_TABLE).where({ id }).whereNull("deleted_at").first();
    if (!segment) throw notFound(id);
    const wanted = version === 0 ? segment.current_version : version;
    const row = await this.knex<VersionRow>(SEGMENT_VERSIONS_TABLE).where({ segment_id: id, version: wanted }).first();
    if (!row) throw new UserError("not_found", "version", `segment ${id} has no version ${version}`);
    return toRecord(segment, row);
  }

  /** Saves a new version if `expectedVersion` is current; otherwise ABORTED and nothing is written. */
  async update(change: SegmentChange): Promise<SegmentRecord> {
    let name = "";
    try {
      await this.knex.transaction(async (trx) => {
        await lockReferenceGraph(trx);
        const segment = await trx<SegmentRow>(SEGMENTS_TABLE).where({ id: change.id }).whereNull("deleted_at").forUpdate().first();
        if (!segment) throw notFound(change.id);
        if (segment.current_version !== change.expectedVersion) {
          throw new UserError(
            "aborted",
            "expected_version",
            `segment ${change.id} is at version ${segment.current_version}, not ${change.expectedVersion}: read it again and retry`,
          );
        }
        const current = await trx<VersionRow>(SEGMENT_VERSIONS_TABLE).where({ segment_id: change.id, version: segment.current_version }).first();
        if (!current) throw new Error(`segment ${change.id} lacks its current version row`);
        name = change.name ?? segment.name;
        const description = change.description ?? segment.description;
        const predicate = change.predicate?.predicate ?? new Uint8Array(current.predicate);
        const cost = change.predicate ? change.cost : parseCost(current.cost_json);
        if (change.predicate) {
          await assertReferencesExist(trx, change.predicate.references);
          await assertNoReferenceCycle(trx, change.id, change.predicate.references);
        }
        const version = segment.current_version + 1;
        const now = msToSqlDatetime(change.nowMs);
        await insertVersion(trx, change.id, version, name, description, predicate, cost, now);
        await trx(SEGMENTS_TABLE).where({ id: change.id }).update({
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
      await lockReferenceGraph(trx);
      const segment = await trx<SegmentRow>(SEGMENTS_TABLE).where({ id }).whereNull("deleted_at").forUpdate().first();
      if (!segment) throw notFound(id);
      if (expectedVersion !== 0 && segment.current_version !== expectedVersion) {
        throw new UserError("aborted", "expected_version", `segment ${id} is at version ${segment.current_version}, not ${expectedVersion}`);
      }
      await assertNotReferenced(trx, id);
      await trx(SEGMENTS_TABLE).where({ id }).update({ active_name: null, deleted_at: msToSqlDatetime(nowMs) });
      await removeReferences(trx, id);
      return segment.current_version;
    });
  }

  /** One page of live segments at their current version, after `after` in `order`. */
  async list(order: SegmentListOrder, pageSize: number, after: SegmentListPosition | undefined): Promise<SegmentRecord[]> {
    const sortKey = SORT_KEYS[order];
    const q = liveCurrentVersions(this.knex);
    if (after) {
      const cmp = sortKey.descending ? "<" : ">";
      q.where((w) => {
        w.whereRaw(`${sortKey.sql} ${cmp} ?`, [after.key]).orWhere((w2) => {
          w2.whereRaw(`${sortKey.sql} = ?`, [after.key]).andWhere("s.id", ">", after.id);
        });
      });
    }
    q.orderByRaw(`${sortKey.sql} ${sortKey.descending ? "DESC" : "ASC"}, s.id ASC`).limit(pageSize);
    const rows = (await q) as CurrentRow[];
    return rows.map(currentRecord);
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
    const segment = await this.knex<SegmentRow>(SEGMENTS_TABLE).where({ id }).whereNull("deleted_at").first();
    if (!segment) throw notFound(id);
    const q = this.knex<VersionRow>(SEGMENT_VERSIONS_TABLE).where({ segment_id: id }).orderBy("version", "desc").limit(pageSize);
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
    const [row] = (await this.knex.select(versionStampColumns(this.knex, ids))) as VersionStampRow[];
    return { count: Number(row?.stamp_n ?? 0), versionSum: Number(row?.stamp_v ?? 0) };
  }


  /** Current versions of every live segment. */
  async allCurrent(): Promise<Map<string, SegmentRecord>> {
    return this.loadCurrent((q) => q);
  }

  private async loadCurrent(filter: (q: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<Map<string, SegmentRecord>> {
    const rows = (await filter(liveCurrentVersions(this.knex))) as CurrentRow[];
    return new Map(rows.map((r) => [r.id, currentRecord(r)]));
  }
}

const SORT_KEYS: Readonly<Record<SegmentListOrder, { sql: string; descending: boolean }>> = {
  name: { sql: "s.name", descending: false },
  cost_desc: { sql: "COALESCE(s.cost_rows, -1)", descending: true },
  update_time_desc: { sql: "s.updated_at", descending: true },
};

/** Live segments (`s`) joined with their current version (`v`), as rows of {@link CurrentRow}. */
function liveCurrentVersions(knex: Knex): Knex.QueryBuilder {
  return knex(`${SEGMENTS_TABLE} as s`)
    .join(`${SEGMENT_VERSIONS_TABLE} as v`, function joinCurrent() {
      this.on("v.segment_id", "=", "s.id").andOn("v.version", "=", "s.current_version");
    })
    .whereNull("s.deleted_at")
    .select("s.*", "v.predicate", "v.cost_json", "v.version", { version_created_at: "v.created_at" });
}

function currentRecord(row: CurrentRow): SegmentRecord {
  return toRecord(row, { ...row, created_at: row.version_created_at });
}

async function insertVersion(
  trx: Knex.Transaction,
  id: string,
  version: number,
  name: string,
  description: string,
  predicate: StoredPredicate,
  cost: EvaluationCost | undefined,
  now: string,
): Promise<void> {
  await trx(SEGMENT_VERSIONS_TABLE).insert({
    segment_id: id,
    version,
    name,
    description,
    predicate: Buffer.from(predicate),
    cost_json: cost ? encodeStoredCost(cost) : null,
    created_at: now,
  });
}

function parseCost(json: string | null): EvaluationCost | undefined {
  return json ? decodeStoredCost(json) : undefined;
}

function costRows(cost: EvaluationCost | undefined): number | null {
  return cost ? cost.estimatedRowsExamined : null;
}

function toRecord(segment: SegmentRow, row: VersionRow): SegmentRecord {
  return {
    id: segment.id,
    name: row.name,
    description: row.description,
    version: row.version,
    predicate: new Uint8Array(row.predicate),
    createdAtMs: sqlDatetimeToMs(segment.created_at),
    updatedAtMs: sqlDatetimeToMs(row.created_at),
    cost: parseCost(row.cost_json),
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
