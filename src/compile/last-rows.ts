/**
 * Related rows of a `last N` window: the N most recent rows of each customer by the scope's
 * natural time, ties broken by the higher id. They are numbered with
 * `ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY <time> DESC, id DESC)` in a derived
 * table. Derived tables cannot see the outer customer on MariaDB (and LATERAL is not portable),
 * so the derived table is uncorrelated and the customer is matched outside it:
 * `c.id IN (SELECT customer_id ...)` for existence and a lookup into a per-customer grouped
 * derived table for aggregates. When the statement's customers are known (membership queries)
 * the derived table numbers only their rows.
 */
import { BUILTIN_FIELDS, SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { Knex } from "knex";
import type { NodePath, RelationScope } from "../ir/nodes.js";
import { CompileInvariantError } from "./compile-errors.js";
import { customerIdBinding, type PredicateContext } from "./predicate-context.js";
import type { RelationRows } from "./relation-rows.js";
import { ALIAS, CUSTOMER_ID_COLUMN, DERIVED_COLUMN, ID_COLUMN, qualified } from "./schema-names.js";
import { type SqlFragment, sql } from "./sql-builder.js";

/** Largest `last N` the API accepts. */
const MAX_LAST_N = 1000;

/** The last `n` rows of `scope` of the customer of `ctx`. */
export function lastRows(scope: RelationScope, n: number, ctx: PredicateContext, path: NodePath): RelationRows {
  if (!Number.isInteger(n) || n < 1 || n > MAX_LAST_N) {
    throw new CompileInvariantError(path, `last N window needs 1 <= N <= ${MAX_LAST_N}, got ${n}`);
  }
  const alias = ALIAS.windowedRow;
  const customerId = qualified(ctx.row.alias, ID_COLUMN);

  /** Windowed rows of every (or every known) customer passing `filter`. */
  const windowRows = (selection: readonly (string | SqlFragment)[], filter: SqlFragment | null): Knex.QueryBuilder => {
    const query = sql
      .select(...selection)
      .from(numberedRows(scope, ctx.customerIds).as(alias))
      .whereRaw("?? <= ?", [qualified(alias, DERIVED_COLUMN.rowNumber), n]);
    if (filter !== null) query.andWhere(filter);
    return query;
  };
  const customersWithRows = (filter: SqlFragment | null): Knex.QueryBuilder =>
    windowRows([qualified(alias, CUSTOMER_ID_COLUMN)], filter);

  return {
    scope,
    rowAlias: alias,
    // customer_id is NOT NULL, so NOT IN is the exact complement of IN.
    some: (filter) => sql.raw("?? IN ?", [customerId, customersWithRows(filter)]),
    none: (filter) => sql.raw("?? NOT IN ?", [customerId, customersWithRows(filter)]),
    aggregate: (value, filter) => {
      const perCustomer = windowRows(
        [qualified(alias, CUSTOMER_ID_COLUMN), sql.raw("? AS ??", [value, DERIVED_COLUMN.aggregate])],
        filter,
      ).groupBy(qualified(alias, CUSTOMER_ID_COLUMN));
      const lookup = sql
        .select(qualified(ALIAS.grouped, DERIVED_COLUMN.aggregate))
        .from(perCustomer.as(ALIAS.grouped))
        .whereRaw("?? = ??", [qualified(ALIAS.grouped, CUSTOMER_ID_COLUMN), customerId]);
      return sql.raw("?", [lookup]);
    },
  };
}

/**
 * Every row of the scope with every catalog column (so `where` can test any field) and its
 * recency rank `rn` within its customer.
 */
function numberedRows(scope: RelationScope, customerIds: PredicateContext["customerIds"]): Knex.QueryBuilder {
  const { table, timeColumn } = SCOPE_TABLES[scope];
  const inner = ALIAS.relatedRow;
  const columns = [CUSTOMER_ID_COLUMN, ...BUILTIN_FIELDS.filter((f) => f.scope === scope).map((f) => f.column)];
  const query = sql
    .select(
      ...[...new Set(columns)].map((column) => qualified(inner, column)),
      sql.raw("ROW_NUMBER() OVER (PARTITION BY ?? ORDER BY ?? DESC, ?? DESC) AS ??", [
        qualified(inner, CUSTOMER_ID_COLUMN),
        qualified(inner, timeColumn),
        qualified(inner, ID_COLUMN),
        DERIVED_COLUMN.rowNumber,
      ]),
    )
    .from({ [inner]: table });
  if (customerIds !== null) query.whereIn(qualified(inner, CUSTOMER_ID_COLUMN), customerIds.map(customerIdBinding));
  return query;
}
