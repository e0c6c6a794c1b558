/**
 * The coarse cost class of a plan, from how its stored tables are read.
 *
 * Rule (only base tables count — derived tables, materialized subqueries and union results are
 * temporary tables whose own reads are judged through the base tables they are built from):
 * - a read is a **full scan** when its access type is `ALL` or `index` (a full index scan: MariaDB
 *   uses it to walk the primary key in `ORDER BY id` order) — MariaDB's hash-join variants
 *   `hash_ALL`/`hash_index` included — and it reads more than {@link TRIVIAL_SCAN_ROWS} rows per scan;
 * - a read is **indexed** when its access type is `system`, `const`, `eq_ref`, `ref`,
 *   `ref_or_null`, `unique_subquery` or `index_subquery`: a lookup through an index;
 * - every other read is **partial**: `range`, `index_merge`, `hash_range`, `fulltext`, a full read of
 *   at most {@link TRIVIAL_SCAN_ROWS} rows, and access types this module does not know (an unknown
 *   read is never assumed to be indexed).
 *
 * The plan is `full_scan` when some read is a full scan, else `partial_scan` when some read is
 * partial, else `indexed` — also when no table is read at all (`Impossible WHERE`). A plan that
 * could not be understood is `unspecified`. (The API's CostClass enum: src/rpc/cost-to-proto.ts.)
 */
import type { ParsedExplain, PlanTableAccess } from "./parse-explain-json.js";

/** The coarse cost class of a plan. */
export type CostClass = "unspecified" | "indexed" | "partial_scan" | "full_scan";

/** Full reads of at most this many rows per scan are bounded reads, not full scans. */
export const TRIVIAL_SCAN_ROWS = 10;

/** How one table read is classified. */
export type ReadKind = "indexed" | "partial" | "full";

const INDEXED_ACCESS = new Set(["system", "const", "eq_ref", "ref", "ref_or_null", "unique_subquery", "index_subquery"]);
const FULL_ACCESS = new Set(["all", "index"]);

/** The kind of one read (base or not: callers decide whether non-base reads matter). */
export function readKind(access: PlanTableAccess): ReadKind {
  const type = access.accessType.replace(/^hash_/i, "").toLowerCase();
  if (INDEXED_ACCESS.has(type)) return "indexed";
  if (FULL_ACCESS.has(type)) return access.rows > TRIVIAL_SCAN_ROWS ? "full" : "partial";
  return "partial";
}

/** Whether a read is a full scan of a stored table. */
export function isFullTableScan(access: PlanTableAccess): boolean {
  return access.base && readKind(access) === "full";
}

/** The cost class of a plan (see the module comment). */
export function costClassOf(plan: ParsedExplain): CostClass {
  if (!plan.recognized) return "unspecified";
  const kinds = plan.accesses.filter((a) => a.base).map(readKind);
  if (kinds.includes("full")) return "full_scan";
  if (kinds.includes("partial")) return "partial_scan";
  return "indexed";
}
