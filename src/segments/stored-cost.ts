/**
 * The cost of a segment version as `segment_versions.cost_json` holds it: the protobuf JSON of
 * the API's EvaluationCost (lowerCamelCase names, defaults left out, 64-bit integers as strings,
 * the class as its enum name, the compute time as RFC 3339 UTC), written and read here so the
 * store needs no generated code. test/segments/stored-cost.test.ts holds it byte-identical to
 * protobuf-es' `toJsonString`.
 */
import type { CostClass } from "../explain/cost-class.js";
import type { CostEstimate, TableRead } from "../explain/cost-estimate.js";

const CLASS_NAMES: Readonly<Record<CostClass, string>> = {
  unspecified: "COST_CLASS_UNSPECIFIED",
  indexed: "COST_CLASS_INDEXED",
  partial_scan: "COST_CLASS_PARTIAL_SCAN",
  full_scan: "COST_CLASS_FULL_SCAN",
};

const CLASS_BY_NAME = new Map((Object.keys(CLASS_NAMES) as CostClass[]).map((c) => [CLASS_NAMES[c], c]));

type Json = Record<string, unknown>;

/** The cost_json text of a cost. */
export function encodeStoredCost(cost: CostEstimate): string {
  const out: Json = {};
  if (cost.costClass !== "unspecified") out.costClass = CLASS_NAMES[cost.costClass];
  if (cost.estimatedRowsExamined !== 0) out.estimatedRowsExamined = int64(cost.estimatedRowsExamined);
  if (cost.queryCost !== 0) out.queryCost = double(cost.queryCost);
  if (cost.tables.length > 0) out.tables = cost.tables.map(encodeTable);
  if (cost.warnings.length > 0) {
    out.warnings = cost.warnings.map((w) => {
      const wj: Json = {};
      if (w.path !== "") wj.path = w.path;
      if (w.message !== "") wj.message = w.message;
      return wj;
    });
  }
  if (cost.computeTimeMs !== undefined) out.computeTime = new Date(cost.computeTimeMs).toISOString().replace(".000Z", "Z");
  return JSON.stringify(out);
}

/** The cost of a cost_json text (as written by encodeStoredCost or protobuf-es). */
export function decodeStoredCost(text: string): CostEstimate {
  const j = JSON.parse(text) as Json;
  const costClass = j.costClass === undefined ? "unspecified" : CLASS_BY_NAME.get(String(j.costClass));
  if (costClass === undefined) throw new Error(`stored cost has an unknown cost class ${String(j.costClass)}`);
  return {
    costClass,
    estimatedRowsExamined: num(j.estimatedRowsExamined),
    queryCost: num(j.queryCost),
    tables: list(j.tables).map((t) => ({
      table: str(t.table),
      accessType: str(t.accessType),
      index: str(t.index),
      rows: num(t.rows),
      filtered: num(t.filtered),
    })),
    warnings: list(j.warnings).map((w) => ({ path: str(w.path), message: str(w.message) })),
    computeTimeMs: j.computeTime === undefined ? undefined : Date.parse(String(j.computeTime)),
  };
}

function encodeTable(t: TableRead): Json {
  const out: Json = {};
  if (t.table !== "") out.table = t.table;
  if (t.accessType !== "") out.accessType = t.accessType;
  if (t.index !== "") out.index = t.index;
  if (t.rows !== 0) out.rows = int64(t.rows);
  if (t.filtered !== 0) out.filtered = double(t.filtered);
  return out;
}

/** A 64-bit integer as protobuf JSON writes it: a decimal string. */
function int64(n: number): string {
  return BigInt(n).toString();
}

/** A double as protobuf JSON writes it: a number, or a string for the non-finite values. */
function double(n: number): number | string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Infinity) return "Infinity";
  if (n === -Infinity) return "-Infinity";
  return n;
}

function num(x: unknown): number {
  return x === undefined ? 0 : Number(x);
}

function str(x: unknown): string {
  return x === undefined ? "" : String(x);
}

function list(x: unknown): Json[] {
  return Array.isArray(x) ? (x as Json[]) : [];
}
