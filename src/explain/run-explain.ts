/**
 * The one piece of I/O of Explain: asking the database for the plan of a compiled statement.
 * Kept behind a function type so the cost estimate can be computed from any source of plans.
 */
import type { Knex } from "knex";
import { type DialectName, explainWithTimeLimit } from "../db/dialect.js";
import type { SqlPlan } from "../compile/sql-plan.js";

/** Returns the `EXPLAIN FORMAT=JSON` text of a statement. */
export type RunExplain = (plan: SqlPlan) => Promise<string>;

/** Options of {@link knexExplainRunner}. */
export interface ExplainRunnerOptions {
  readonly dialect: DialectName;
  /** Server-side time limit of the EXPLAIN in ms; none when unset. */
  readonly timeoutMs?: number;
}

/**
 * The EXPLAIN statement for `plan`, same bindings. With a time limit, MariaDB wraps the whole
 * EXPLAIN (`SET STATEMENT … FOR EXPLAIN …`) while MySQL takes the hint inside the SELECT.
 */
export function explainStatement(plan: SqlPlan, options: ExplainRunnerOptions): SqlPlan {
  return { sql: explainWithTimeLimit(plan.sql, options.timeoutMs, options.dialect), bindings: plan.bindings };
}

/** A {@link RunExplain} over a knex pool. */
export function knexExplainRunner(knex: Knex, options: ExplainRunnerOptions): RunExplain {
  return async (plan) => {
    const statement = explainStatement(plan, options);
    const [rows] = (await knex.raw(statement.sql, [...statement.bindings])) as [unknown, unknown];
    return explainText(rows);
  };
}

/** The single cell of an EXPLAIN FORMAT=JSON result (column `EXPLAIN`), as text. */
function explainText(rows: unknown): string {
  const first = Array.isArray(rows) ? (rows[0] as Record<string, unknown> | undefined) : undefined;
  const cell = first === undefined ? undefined : Object.values(first)[0];
  if (typeof cell === "string") return cell;
  if (Buffer.isBuffer(cell)) return cell.toString("utf8");
  if (typeof cell === "object" && cell !== null) return JSON.stringify(cell);
  throw new Error("EXPLAIN FORMAT=JSON returned no plan");
}
