/**
 * Explain and evaluation cost of a predicate: compile its member scan (the statement ListMembers
 * runs, without paging), ask the database for the plan, and normalize the plan into a
 * CostEstimate — class, rows, cost, per-table reads and warnings at predicate paths.
 *
 * Numbers of the CostEstimate (the API's EvaluationCost):
 * - `tables[i].rows`: rows the read examines in one execution of the statement (rows per scan ×
 *   estimated scans, see parse-explain-json.ts);
 * - `estimated_rows_examined`: the sum of that over stored tables (temporary tables excluded);
 * - `query_cost`: the server's estimate on MySQL, the derived row-read count on MariaDB 10.11.
 */
import { compileMembersQuery } from "../compile/compile-members-query.js";
import type { SqlBinding, SqlPlan } from "../compile/sql-plan.js";
import type { DialectName } from "../db/dialect.js";
import type { Expr } from "../ir/nodes.js";
import { costClassOf } from "./cost-class.js";
import type { CostEstimate, ExplainResult } from "./cost-estimate.js";
import { parseExplainJson } from "./parse-explain-json.js";
import { displayTableName } from "./plan-tables.js";
import { costWarnings } from "./predicate-warnings.js";
import { tableTouches } from "./predicate-tables.js";
import type { RunExplain } from "./run-explain.js";

/** Inputs of an estimate besides the predicate. */
export interface EstimateCostOptions {
  /** Runs `EXPLAIN FORMAT=JSON` for a statement (src/explain/run-explain.ts). */
  readonly runExplain: RunExplain;
  readonly dialect: DialectName;
  /** Most regex engine steps per value (shown in the bindings); the dialect's default when absent. */
  readonly regexMatchLimit?: number;
  /** Evaluation instant (epoch ms) relative times resolve against. */
  readonly instantMs: number;
  /** Clock for `compute_time`; `Date.now` when unset. */
  readonly now?: () => number;
}

/**
 * The cost of evaluating `expr` (references expanded) over all customers.
 * Compile errors (e.g. an unexpanded segment reference) and database errors propagate.
 */
export async function estimateCost(expr: Expr, options: EstimateCostOptions): Promise<CostEstimate> {
  return (await explainParts(expr, options)).cost;
}

/** The member scan of `expr` with its bindings as text, the database's plan and the cost. */
export async function explainExpr(expr: Expr, options: EstimateCostOptions): Promise<ExplainResult> {
  const { plan, explainJson, cost } = await explainParts(expr, options);
  return {
    sql: plan.sql,
    bindings: plan.bindings.map(bindingText),
    explainJson,
    cost,
    dialect: options.dialect,
  };
}

async function explainParts(expr: Expr, options: EstimateCostOptions): Promise<{ plan: SqlPlan; explainJson: string; cost: CostEstimate }> {
  const plan = compileMembersQuery(expr, { instantMs: options.instantMs, dialect: options.dialect, regexMatchLimit: options.regexMatchLimit });
  const explainJson = await options.runExplain(plan);
  return { plan, explainJson, cost: costFromExplain(expr, explainJson, (options.now ?? Date.now)()) };
}

/** The cost of `expr` from the EXPLAIN FORMAT=JSON text of its member scan (pure). */
export function costFromExplain(expr: Expr, explainJson: string, computeTimeMs: number): CostEstimate {
  const parsed = parseExplainJson(explainJson);
  const touches = tableTouches(expr);
  return {
    costClass: costClassOf(parsed),
    estimatedRowsExamined: Math.round(parsed.rowsExamined),
    queryCost: parsed.queryCost,
    tables: parsed.accesses.map((access) => ({
      table: displayTableName(access, touches),
      accessType: access.accessType,
      index: access.key,
      rows: Math.round(access.examined),
      filtered: access.filtered,
    })),
    warnings: costWarnings(expr, parsed).map((w) => ({ path: w.path, message: w.message })),
    computeTimeMs,
  };
}

/** A binding as text: strings as they are, numbers in decimal, booleans `true`/`false`, null `NULL`. */
export function bindingText(value: SqlBinding): string {
  return value === null ? "NULL" : String(value);
}
