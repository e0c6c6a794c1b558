/**
 * The segment store's tables (created by migrations/0002-segment-store.ts): their names, their
 * rows as the driver returns them, and the version stamp of a set of segments — read by the
 * store (src/segments) on its own and by the compiler (src/compile) in the same statement as a
 * membership check, written once here.
 */
import type { Knex } from "knex";

/** Live segments (one row each, soft-deleted rows keep `deleted_at`). */
export const SEGMENTS_TABLE = "segments";
/** Every saved version of every segment, immutable. */
export const SEGMENT_VERSIONS_TABLE = "segment_versions";
/** The current reference graph: which segment references which. */
export const SEGMENT_REFERENCES_TABLE = "segment_references";
/** Rows whose locks serialize writes (one: the reference graph). */
export const SEGMENT_LOCKS_TABLE = "segment_locks";

/** A row of `segments`. */
export interface SegmentRow {
  id: string;
  name: string;
  description: string;
  current_version: number;
  cost_rows: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** A row of `segment_versions`. */
export interface VersionRow {
  segment_id: string;
  version: number;
  name: string;
  description: string;
  predicate: Buffer;
  cost_json: string | null;
  created_at: string;
}

/** A row of `segment_references`. */
export interface ReferenceRow {
  segment_id: string;
  referenced_segment_id: string;
}

/** Names of the two version stamp columns (see versionStampColumns). */
export const VERSION_STAMP = { count: "stamp_n", versionSum: "stamp_v" } as const;

/** The version stamp as the columns read it: live segments among the ids and their summed versions. */
export interface VersionStampRow {
  stamp_n: number | string;
  stamp_v: number | string;
}

const ID: keyof SegmentRow = "id";
const CURRENT_VERSION: keyof SegmentRow = "current_version";
const DELETED_AT: keyof SegmentRow = "deleted_at";

/**
 * `(SELECT COUNT(*) FROM segments WHERE id IN (<ids>) AND deleted_at IS NULL) AS stamp_n` and
 * `(SELECT COALESCE(SUM(current_version), 0) FROM … ) AS stamp_v`: how many of `ids` are live and
 * the sum of their current versions. Versions only grow, so an update raises the sum and a
 * deletion lowers the count. `ids` are values, or one fragment standing for the whole list.
 */
export function versionStampColumns(knex: Knex, ids: readonly (string | Knex.Raw)[]): [Knex.Raw, Knex.Raw] {
  const live = () => knex.from(SEGMENTS_TABLE).whereIn(ID, ids as (string | Knex.Raw)[]).whereNull(DELETED_AT);
  return [
    knex.raw("(?) AS ??", [live().count("*"), VERSION_STAMP.count]),
    knex.raw("(?) AS ??", [live().select(knex.raw("COALESCE(SUM(??), 0)", [CURRENT_VERSION])), VERSION_STAMP.versionSum]),
  ];
}
