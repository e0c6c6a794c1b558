/**
 * Related rows reached by correlated subqueries on `<table>.customer_id = c.id`, kept to the
 * relation's window by conditions on the row (src/compile/period-window.ts,
 * src/compile/last-n-window.ts). Every subquery starts with an index range on
 * (customer_id, …).
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { Knex } from "knex";
import type { RelationScope } from "../ir/nodes.js";
import type { PredicateContext } from "./predicate-context.js";
import type { RelationRows } from "./relation-rows.js";
import { CUSTOMER_ID_COLUMN, ID_COLUMN, qualified } from "./schema-names.js";
import { type SqlFragment, sql } from "./sql-builder.js";

/** The rows (alias `row`) of `scope` belonging to the customer of `ctx` and passing `inWindow`. */
export function correlatedRows(scope: RelationScope, row: string, inWindow: readonly SqlFragment[], ctx: PredicateContext): RelationRows {
  const { table } = SCOPE_TABLES[scope];
  const rowsOfCustomer = (selection: SqlFragment, filter: SqlFragment | null): Knex.QueryBuilder => {
    const query = sql
      .select(selection)
      .from({ [row]: table })
      .whereRaw("?? = ??", [qualified(row, CUSTOMER_ID_COLUMN), qualified(ctx.row.alias, ID_COLUMN)]);
    for (const condition of inWindow) query.andWhere(condition);
    if (filter !== null) query.andWhere(filter);
    return query;
  };

  return {
    scope,
    rowAlias: row,
    some: (filter) => sql.raw("EXISTS ?", [rowsOfCustomer(sql.raw("1"), filter)]),
    none: (filter) => sql.raw("NOT EXISTS ?", [rowsOfCustomer(sql.raw("1"), filter)]),
    aggregate: (value, filter) => sql.raw("?", [rowsOfCustomer(value, filter)]),
  };
}
