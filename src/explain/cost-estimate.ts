/**
 * The normalized cost of evaluating a predicate and the explanation of its member scan, as plain
 * values (src/rpc/cost-to-proto.ts turns them into the API's EvaluationCost and Explanation).
 */
import type { CostClass } from "./cost-class.js";
import type { PredicateWarning } from "./predicate-warnings.js";

/** How one table of the statement is read. */
export interface TableRead {
  /** Table name (or alias of a derived table). */
  readonly table: string;
  /** Access type from EXPLAIN, e.g. `ref`, `range`, `ALL`. */
  readonly accessType: string;
  /** Index used, "" when none. */
  readonly index: string;
  /** Rows the read examines in one execution of the statement (an integer). */
  readonly rows: number;
  /** Percentage of rows kept by the condition at this table. */
  readonly filtered: number;
}

/** Estimated cost of evaluating a predicate over all customers. */
export interface CostEstimate {
  readonly costClass: CostClass;
  /** Rows examined summed over stored tables (an integer). */
  readonly estimatedRowsExamined: number;
  /** The server's cost estimate on MySQL, the derived row-read count on MariaDB. */
  readonly queryCost: number;
  readonly tables: readonly TableRead[];
  /** Predicate nodes that make evaluation slow. */
  readonly warnings: readonly PredicateWarning[];
  /** When the estimate was made (epoch ms); undefined only for a stored cost that lacks it. */
  readonly computeTimeMs: number | undefined;
}

/** What Explain answers: the member scan, its bindings as text, the raw plan and the cost. */
export interface ExplainResult {
  readonly sql: string;
  readonly bindings: readonly string[];
  readonly explainJson: string;
  readonly cost: CostEstimate;
  /** Database flavour the plan comes from, e.g. `mariadb`. */
  readonly dialect: string;
}
