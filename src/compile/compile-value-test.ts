/**
 * A value test (docs/semantics.md §2–§5) on one column. When the column can be NULL, every
 * operator but `exists`/`not_exists` is guarded as `(col IS NOT NULL AND col <op> ...)`, so a
 * missing value gives false — never NULL — and `not` stays an exact complement. The column
 * itself is never wrapped in a function, so indexes still serve the condition; `between` is
 * written as `>= AND <=` (see its handler).
 */
import type { FieldType } from "../ir/field-types.js";
import type { NodePath, ValueTest } from "../ir/nodes.js";
import { regexWithEngineLimit } from "../db/dialect.js";
import { anchoredSqlPattern } from "../regex/anchored-sql-pattern.js";
import { comparisonTemplate } from "./compile-comparison.js";
import { fieldOperand } from "./compile-operand.js";
import type { PredicateContext } from "./predicate-context.js";
import { type SqlTemplate, sqlTemplate, wrapTemplate } from "./sql-template.js";

/** The column under test. */
export interface TestedColumn {
  /** `alias.column`, quoted through `??`. */
  readonly identifier: string;
  readonly type: FieldType;
  /** Whether the column can hold NULL (then comparisons get a NOT NULL guard). */
  readonly nullable: boolean;
}

type Op = ValueTest["op"];
type Handler<K extends Op> = (column: TestedColumn, test: Extract<ValueTest, { op: K }>, ctx: PredicateContext, path: NodePath) => SqlTemplate;

function comparison(column: TestedColumn, test: Extract<ValueTest, { op: "eq" | "neq" | "gt" | "gte" | "lt" | "lte" | "in" | "not_in" }>, ctx: PredicateContext, path: NodePath): SqlTemplate {
  return guarded(column, comparisonTemplate(sqlTemplate("??", [column.identifier]), test, (s) => fieldOperand(s, column.type, ctx, path)));
}

const HANDLERS: { readonly [K in Op]: Handler<K> } = {
  eq: comparison,
  neq: comparison,
  gt: comparison,
  gte: comparison,
  lt: comparison,
  lte: comparison,
  in: comparison,
  not_in: comparison,
  // Not `BETWEEN`: MariaDB 10.11 compares the two bounds in the connection's collation and
  // turns `BETWEEN 'PLN' AND 'pln'` into `= 'PLN'` on an indexed utf8mb4_bin column.
  between: (column, test, ctx, path) =>
    guarded(
      column,
      sqlTemplate("(?? >= ? AND ?? <= ?)", [
        column.identifier,
        fieldOperand(test.lower, column.type, ctx, path),
        column.identifier,
        fieldOperand(test.upper, column.type, ctx, path),
      ]),
    ),
  exists: (column) => sqlTemplate("?? IS NOT NULL", [column.identifier]),
  not_exists: (column) => sqlTemplate("?? IS NULL", [column.identifier]),
  matches: (column, test, ctx) =>
    guarded(
      column,
      sqlTemplate("?? REGEXP ?", [column.identifier, regexWithEngineLimit(anchoredSqlPattern(test.regex, test.caseInsensitive), ctx.dialect, ctx.regexMatchLimit)]),
    ),
};

/** Two-valued SQL for `test` on `column`. */
export function compileValueTest(column: TestedColumn, test: ValueTest, ctx: PredicateContext, path: NodePath): SqlTemplate {
  const handler = HANDLERS[test.op] as Handler<Op>;
  return handler(column, test, ctx, path);
}

function guarded(column: TestedColumn, condition: SqlTemplate): SqlTemplate {
  return column.nullable ? wrapTemplate("(?? IS NOT NULL AND ", condition, ")", [column.identifier]) : condition;
}
