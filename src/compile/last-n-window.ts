/**
 * The `last N` window (docs/semantics.md §6 "Windows"): the N most recent rows of a customer by
 * the scope's natural time, ties broken by the higher id. A row is in the window unless it comes
 * before the N-th most recent row, read by a correlated probe down the (customer_id, time, id)
 * index:
 *
 *   ((r.time, r.id) < (SELECT n.time, n.id FROM <table> AS n WHERE n.customer_id = c.id
 *                      ORDER BY n.time DESC, n.id DESC LIMIT 1 OFFSET N-1)) IS NOT TRUE
 *
 * A customer with fewer than N rows has no N-th row: the subquery is empty, the comparison NULL,
 * and every row is in. Time and id are NOT NULL, so NULL means exactly that. The probe depends on
 * the customer only (MariaDB caches it per customer), and the whole relation stays one correlated
 * subquery on the customer's index range — no derived table over every related row.
 *
 * Why not ROW_NUMBER() in a derived table: MariaDB cannot correlate a derived table, so the
 * window function numbers every row of the table before any customer is looked at — 20 s for
 * 8M invoices on the benchmark machine, twice the expert query's whole run — while this probe
 * costs the same as the expert query (README.md, "Decisions where the issues left room"; bench `last_3_invoices_paid`).
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { NodePath, RelationScope } from "../ir/nodes.js";
import { CompileInvariantError } from "./compile-errors.js";
import type { PredicateContext } from "./predicate-context.js";
import { ALIAS, CUSTOMER_ID_COLUMN, ID_COLUMN, qualified } from "./schema-names.js";
import { fillShape, fragmentShape, shapePerKey } from "./fragment-shape.js";
import { sql } from "./sql-builder.js";
import type { SqlTemplate } from "./sql-template.js";

/** Largest `last N` the API accepts. */
const MAX_LAST_N = 1000;

/** The condition that puts a related row (alias `row`) of the customer of `ctx` in its last `n`. */
export function lastNCondition(scope: RelationScope, n: number, row: string, ctx: PredicateContext, path: NodePath): SqlTemplate {
  if (!Number.isInteger(n) || n < 1 || n > MAX_LAST_N) {
    throw new CompileInvariantError(path, `last N window needs 1 <= N <= ${MAX_LAST_N}, got ${n}`);
  }
  return fillShape(lastNShape(scope, n, row, ctx.row.alias), []);
}

/** The condition's text per scope, N (at most MAX_LAST_N) and aliases, built with knex once. */
const lastNShape = shapePerKey((scope: RelationScope, n: number, row: string, customer: string) =>
  fragmentShape(0, () => {
    const { table, timeColumn } = SCOPE_TABLES[scope];
    const edge = ALIAS.windowEdge;
    const nth = sql
      .select(qualified(edge, timeColumn), qualified(edge, ID_COLUMN))
      .from({ [edge]: table })
      .whereRaw("?? = ??", [qualified(edge, CUSTOMER_ID_COLUMN), qualified(customer, ID_COLUMN)])
      .orderBy([
        { column: qualified(edge, timeColumn), order: "desc" },
        { column: qualified(edge, ID_COLUMN), order: "desc" },
      ])
      .limit(1)
      .offset(n - 1);
    return sql.raw("((??, ??) < ?) IS NOT TRUE", [qualified(row, timeColumn), qualified(row, ID_COLUMN), nth]);
  }),
);
