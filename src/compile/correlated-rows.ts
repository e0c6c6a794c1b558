/**
 * Related rows reached by correlated subqueries on `<table>.customer_id = c.id`, kept to the
 * relation's window by conditions on the row (src/compile/period-window.ts,
 * src/compile/last-n-window.ts). Every subquery starts with an index range on
 * (customer_id, …).
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { RelationScope } from "../ir/nodes.js";
import { fillShape, fragmentShape, shapePerKey } from "./fragment-shape.js";
import type { PredicateContext } from "./predicate-context.js";
import type { RelationRows } from "./relation-rows.js";
import { CUSTOMER_ID_COLUMN, ID_COLUMN, qualified } from "./schema-names.js";
import { sql } from "./sql-builder.js";
import { type SqlTemplate, sqlTemplate, wrapTemplate } from "./sql-template.js";

/**
 * `(SELECT <selection> FROM <table> AS <row> WHERE <row>.customer_id = <customer>.id AND <window
 * condition>... [AND <filter>])`, built with knex once per key; holes: selection, filter, then
 * the window conditions.
 */
const rowsShape = shapePerKey((scope: RelationScope, row: string, customer: string, windowConditions: number, hasFilter: boolean) =>
  fragmentShape(2 + windowConditions, (selection, filter, ...inWindow) => {
    const query = sql
      .select(selection)
      .from({ [row]: SCOPE_TABLES[scope].table })
      .whereRaw("?? = ??", [qualified(row, CUSTOMER_ID_COLUMN), qualified(customer, ID_COLUMN)]);
    for (const condition of inWindow) query.andWhere(condition);
    if (hasFilter) query.andWhere(filter);
    return sql.raw("?", [query]);
  }),
);

const ONE = sqlTemplate("1");

/** The rows (alias `row`) of `scope` belonging to the customer of `ctx` and passing `inWindow`. */
export function correlatedRows(scope: RelationScope, row: string, inWindow: readonly SqlTemplate[], ctx: PredicateContext): RelationRows {
  const rowsOfCustomer = (selection: SqlTemplate, filter: SqlTemplate | null): SqlTemplate =>
    fillShape(rowsShape(scope, row, ctx.row.alias, inWindow.length, filter !== null), [selection, filter, ...inWindow]);

  return {
    scope,
    rowAlias: row,
    some: (filter) => wrapTemplate("EXISTS ", rowsOfCustomer(ONE, filter), ""),
    none: (filter) => wrapTemplate("NOT EXISTS ", rowsOfCustomer(ONE, filter), ""),
    aggregate: (value, filter) => rowsOfCustomer(value, filter),
  };
}
