/**
 * Reads the `EXPLAIN FORMAT=JSON` text of MariaDB 10.11 and MySQL 8.0 into one normalized list
 * of table reads with their estimated number of scans.
 *
 * The two servers nest plans differently (MariaDB: `nested_loop`, `read_sorted_file`,
 * `filesort`, `temporary_table`, `window_functions_computation`, `duplicates_removal`,
 * `block-nl-join`, `range-checked-for-each-record`, `subqueries` with `expression_cache` /
 * `materialization`, tables `materialized`; MySQL: `ordering_operation`, `grouping_operation`,
 * `windowing`, `duplicates_removal`, `attached_subqueries`, `optimized_away_subqueries`,
 * `select_list_subqueries`, `materialized_from_subquery`; both: `union_result` with
 * `query_specifications`). Rather than knowing every wrapper, the walker descends into every
 * object and array: an object with a string `table_name` is a table read, an object with a
 * `query_block` starts a nested query block. Unknown keys are simply walked through, and no shape
 * makes it throw — what cannot be read is left out.
 *
 * Numbers: `rows` (MariaDB) or `rows_examined_per_scan` (MySQL) is the rows read per scan;
 * `filtered` (a number on MariaDB, a string like `"10.00"` on MySQL) the percentage of them the
 * table's condition keeps.
 *
 * Scans (join fan-out): a query block executed E times reads its tables in join order; the k-th
 * table is scanned E × Π_{j<k}(rows_j × filtered_j / 100) times. A nested block executes:
 * - once when it is materialized (derived tables, semi-join or IN materialization), unless it is
 *   lateral / dependent, then once per scan of the table that owns it;
 * - as often as its parent for the parts of a UNION;
 * - once per row when it is a dependent (correlated) subquery: per row examined at the table it is
 *   attached to (MySQL `attached_subqueries`), or per row the parent block produces (MariaDB
 *   `subqueries`, MySQL select-list/having subqueries). Dependence is MySQL's `dependent` flag;
 *   MariaDB states it only through `expression_cache` (correlated subqueries only), or a `ref`
 *   to a table outside the subquery (`func` or `db.alias.column`), or `outer_ref_condition`.
 * - once otherwise (uncorrelated subqueries are evaluated once and cached).
 *
 * Query cost: MySQL reports `query_block.cost_info.query_cost` (MariaDB ≥ 11 `query_block.cost`);
 * when absent (MariaDB 10.11, MySQL UNION tops) it is derived as Σ scans × rows over every table
 * read — base tables and temporary tables alike — i.e. the estimated number of row reads. The
 * derived number is in rows, not in the server's cost units, so it only compares with other
 * derived costs.
 */

/** One table read of a plan. */
export interface PlanTableAccess {
  /** `table_name` as reported: the alias (`c`), or an internal name (`<derived2>`, `<subquery2>`, `<union1,2>`). */
  readonly table: string;
  /** Access type as reported (`const`, `eq_ref`, `ref`, `range`, `index`, `ALL`, …); empty when absent. */
  readonly accessType: string;
  /** Index used; empty when none. */
  readonly key: string;
  readonly possibleKeys: readonly string[];
  /** Estimated rows read per scan; 0 when the server gives no estimate. */
  readonly rows: number;
  /** Estimated percentage (0–100) of read rows kept by the table's condition; 100 when absent. */
  readonly filtered: number;
  /** Estimated number of scans of the table in one execution of the statement. */
  readonly scans: number;
  /** Estimated rows read in total: scans × rows. */
  readonly examined: number;
  /** A stored table, not a derived table, materialized subquery, union result or other temporary table. */
  readonly base: boolean;
  /** Read while materializing a derived table (a subquery in FROM). */
  readonly inDerivedTable: boolean;
  /** `select_id` of the query block the read belongs to, when reported. */
  readonly selectId: number | null;
}

/** A normalized plan. */
export interface ParsedExplain {
  /** Every table read, in plan order (outer blocks first, then their nested blocks). */
  readonly accesses: readonly PlanTableAccess[];
  /**
   * Whether the text had a `query_block`; when true and `accesses` is empty the statement reads no
   * table (e.g. `Impossible WHERE`), when false nothing could be understood.
   */
  readonly recognized: boolean;
  /** The server's own cost estimate, when it reports one. */
  readonly reportedCost: number | null;
  /** Σ examined over every read (see the module comment). */
  readonly derivedCost: number;
  /** `reportedCost` when present, else `derivedCost`. */
  readonly queryCost: number;
  /** Σ examined over base table reads: rows taken from stored tables. */
  readonly rowsExamined: number;
  /** Messages of the plan (`Impossible WHERE`, `No tables used`) and what could not be read. */
  readonly messages: readonly string[];
}

type JsonObject = Record<string, unknown>;

/** A nested query block and where it was found. */
interface NestedBlock {
  /** The object holding `query_block` (it carries flags like `dependent`, `lateral`). */
  readonly wrapper: JsonObject;
  /** The key under which the wrapper was found, e.g. `attached_subqueries`, `expression_cache`. */
  readonly via: string;
  readonly block: JsonObject;
}

interface FoundTable {
  readonly raw: JsonObject;
  readonly nested: NestedBlock[];
}

interface BlockContents {
  readonly tables: FoundTable[];
  /** Nested blocks not owned by a table (block-level subqueries). */
  readonly nested: NestedBlock[];
  readonly messages: string[];
}

/** Deeper JSON than this is not walked (plans are a few dozen levels deep). */
const MAX_DEPTH = 256;
/** Estimates are capped here so products of fan-outs stay finite. */
const MAX_ESTIMATE = Number.MAX_SAFE_INTEGER;

const MATERIALIZING_KEYS = new Set(["materialized", "materialized_from_subquery", "materialization"]);

/** Parses EXPLAIN FORMAT=JSON text of MariaDB or MySQL; never throws. */
export function parseExplainJson(text: string): ParsedExplain {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    return emptyPlan(false, [`EXPLAIN output is not JSON: ${err instanceof Error ? err.message : String(err)}`]);
  }
  return parseExplainValue(root);
}

/** Like {@link parseExplainJson}, for an already decoded value. */
export function parseExplainValue(root: unknown): ParsedExplain {
  const top = isObject(root) && isObject(root["query_block"]) ? root["query_block"] : null;
  if (top === null) return emptyPlan(false, ["EXPLAIN output has no query_block"]);
  const accesses: PlanTableAccess[] = [];
  const messages: string[] = [];
  walkBlock(top, 1, false, accesses, messages, 0);
  const derivedCost = capped(accesses.reduce((sum, a) => sum + a.examined, 0));
  const rowsExamined = capped(accesses.filter((a) => a.base).reduce((sum, a) => sum + a.examined, 0));
  const reportedCost = reportedQueryCost(top);
  return {
    accesses,
    recognized: true,
    reportedCost,
    derivedCost,
    queryCost: reportedCost ?? derivedCost,
    rowsExamined,
    messages,
  };
}

function emptyPlan(recognized: boolean, messages: string[]): ParsedExplain {
  return { accesses: [], recognized, reportedCost: null, derivedCost: 0, queryCost: 0, rowsExamined: 0, messages };
}

function walkBlock(block: JsonObject, executions: number, inDerived: boolean, out: PlanTableAccess[], messages: string[], depth: number): void {
  if (depth > MAX_DEPTH) {
    messages.push("EXPLAIN output nests too deeply; inner blocks were skipped");
    return;
  }
  const contents = collectBlock(block);
  messages.push(...contents.messages);
  const selectId = toNumber(block["select_id"]);
  let prefix = executions;
  for (const found of contents.tables) {
    const access = readTable(found.raw, prefix, inDerived, selectId);
    out.push(access);
    // A read without an estimate (a union result) does not change the fan-out.
    if (reportedRows(found.raw) !== null) prefix = capped((prefix * access.rows * access.filtered) / 100);
    for (const nested of found.nested) {
      const dependentExecutions = MATERIALIZING_KEYS.has(nested.via) ? access.scans : access.examined;
      const nestedInDerived = inDerived || (MATERIALIZING_KEYS.has(nested.via) && isDerivedTableName(access.table));
      walkBlock(nested.block, nestedExecutions(nested, executions, dependentExecutions), nestedInDerived, out, messages, depth + 1);
    }
  }
  for (const nested of contents.nested) {
    walkBlock(nested.block, nestedExecutions(nested, executions, prefix), inDerived, out, messages, depth + 1);
  }
}

/**
 * The table reads of one block in join order, and the nested blocks, without entering them.
 * Reads appear in the order the server prints them, which is join order inside every wrapper.
 */
function collectBlock(block: JsonObject): BlockContents {
  const contents: BlockContents = { tables: [], nested: [], messages: [] };
  const visit = (value: unknown, via: string, owner: FoundTable | null, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, via, owner, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    const inner = value["query_block"];
    if (isObject(inner)) {
      (owner?.nested ?? contents.nested).push({ wrapper: value, via, block: inner });
      return;
    }
    if (typeof value["table_name"] === "string") {
      const found: FoundTable = { raw: value, nested: [] };
      contents.tables.push(found);
      for (const [key, child] of Object.entries(value)) visit(child, key, found, depth + 1);
      return;
    }
    if (typeof value["message"] === "string") contents.messages.push(value["message"]);
    for (const [key, child] of Object.entries(value)) visit(child, key, owner, depth + 1);
  };
  if (typeof block["message"] === "string") contents.messages.push(block["message"]);
  for (const [key, child] of Object.entries(block)) visit(child, key, null, 0);
  return contents;
}

function readTable(raw: JsonObject, scans: number, inDerived: boolean, selectId: number | null): PlanTableAccess {
  const table = typeof raw["table_name"] === "string" ? raw["table_name"] : "";
  const rows = Math.max(0, reportedRows(raw) ?? 0);
  const filtered = Math.min(100, Math.max(0, toNumber(raw["filtered"]) ?? 100));
  const materialized = Object.keys(raw).some((key) => MATERIALIZING_KEYS.has(key));
  return {
    table,
    accessType: typeof raw["access_type"] === "string" ? raw["access_type"] : "",
    key: typeof raw["key"] === "string" ? raw["key"] : "",
    possibleKeys: Array.isArray(raw["possible_keys"]) ? raw["possible_keys"].filter((k): k is string => typeof k === "string") : [],
    rows,
    filtered,
    scans: capped(scans),
    examined: capped(scans * rows),
    base: !materialized && !isInternalName(table),
    inDerivedTable: inDerived,
    selectId,
  };
}

/** Rows per scan: MySQL `rows_examined_per_scan`, MariaDB `rows`; null when absent. */
function reportedRows(raw: JsonObject): number | null {
  return toNumber(raw["rows_examined_per_scan"] ?? raw["rows"]);
}

/** How many times a nested block runs (see the module comment). */
function nestedExecutions(nested: NestedBlock, parentExecutions: number, dependentExecutions: number): number {
  if (nested.via === "query_specifications") return parentExecutions;
  return isDependent(nested) ? dependentExecutions : 1;
}

function isDependent(nested: NestedBlock): boolean {
  const { wrapper, via } = nested;
  if (truthy(wrapper["lateral"])) return true;
  if (MATERIALIZING_KEYS.has(via)) return false;
  if (typeof wrapper["dependent"] === "boolean") return wrapper["dependent"];
  if (via === "optimized_away_subqueries") return false;
  if (via === "expression_cache") return true;
  return referencesOuterTables(nested.block);
}

/** Whether a MariaDB subquery block looks up rows by values from outside it. */
function referencesOuterTables(block: JsonObject): boolean {
  const aliases = new Set<string>();
  const refs: string[] = [];
  let outerCondition = false;
  const visit = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    if (typeof value["table_name"] === "string") aliases.add(value["table_name"]);
    if (Array.isArray(value["ref"])) refs.push(...value["ref"].filter((r): r is string => typeof r === "string"));
    if (value["outer_ref_condition"] !== undefined) outerCondition = true;
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(block, 0);
  if (outerCondition) return true;
  return refs.some((ref) => {
    if (ref === "const") return false;
    if (ref === "func") return true;
    const parts = ref.split(".");
    const alias = parts.length >= 2 ? parts[parts.length - 2] : undefined;
    return alias !== undefined && !aliases.has(alias);
  });
}

function reportedQueryCost(top: JsonObject): number | null {
  const costInfo = top["cost_info"];
  if (isObject(costInfo)) {
    const cost = toNumber(costInfo["query_cost"]);
    if (cost !== null) return cost;
  }
  return toNumber(top["cost"]);
}

/** `<derived2>`, `<subquery2>`, `<union1,2>`, `<temporary>`: tables the server makes itself. */
function isInternalName(table: string): boolean {
  return /^<.*>$/.test(table);
}

/** A derived table (FROM subquery): MariaDB `<derivedN>`, MySQL the alias; not a subquery materialization. */
function isDerivedTableName(table: string): boolean {
  return !/^<(subquery\d+|materialized_subquery)>$/.test(table);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function truthy(value: unknown): boolean {
  return value === true || (typeof value === "number" && value !== 0) || value === "true";
}

/** A finite number from a JSON number or numeric string (`"10.00"`, `"1.2E14"`). */
function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function capped(n: number): number {
  if (!Number.isFinite(n)) return n > 0 ? MAX_ESTIMATE : 0;
  return Math.min(n, MAX_ESTIMATE);
}
