/**
 * Related rows reached by correlated subqueries on `<table>.customer_id = c.id`, optionally
 * limited to a period `[from, to)` of the scope's natural time column. Serves relations without
 * a window and with a period window; every subquery is an index range on (customer_id, time).
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { Knex } from "knex";
import type { NodePath, RelationScope, TimeBound } from "../ir/nodes.js";
import type { PredicateContext } from "./predicate-context.js";
import type { RelationRows } from "./relation-rows.js";
import { timeBinding } from "./resolve-time.js";
import { ALIAS, CUSTOMER_ID_COLUMN, ID_COLUMN, qualified } from "./schema-names.js";
import { type SqlFragment, sql } from "./sql-builder.js";

/** A period window; both null means every row. */
export interface Period {
  readonly from: TimeBound | null;
  readonly to: TimeBound | null;
}

/** The rows of `scope` belonging to the customer of `ctx`, within `period`. */
export function correlatedRows(scope: RelationScope, period: Period, ctx: PredicateContext, path: NodePath): RelationRows {
  const { table, timeColumn } = SCOPE_TABLES[scope];
  const alias = ALIAS.relatedRow;
  const time = qualified(alias, timeColumn);
  const from = period.from === null ? null : timeBinding(period.from, ctx.instantMs, path);
  const to = period.to === null ? null : timeBinding(period.to, ctx.instantMs, path);

  const rowsOfCustomer = (selection: SqlFragment, filter: SqlFragment | null): Knex.QueryBuilder => {
    const query = sql
      .select(selection)
      .from({ [alias]: table })
      .whereRaw("?? = ??", [qualified(alias, CUSTOMER_ID_COLUMN), qualified(ctx.row.alias, ID_COLUMN)]);
    if (from !== null) query.andWhereRaw("?? >= ?", [time, from]);
    if (to !== null) query.andWhereRaw("?? < ?", [time, to]);
    if (filter !== null) query.andWhere(filter);
    return query;
  };

  return {
    scope,
    rowAlias: alias,
    some: (filter) => sql.raw("EXISTS ?", [rowsOfCustomer(sql.raw("1"), filter)]),
    none: (filter) => sql.raw("NOT EXISTS ?", [rowsOfCustomer(sql.raw("1"), filter)]),
    aggregate: (value, filter) => sql.raw("?", [rowsOfCustomer(value, filter)]),
  };
}
