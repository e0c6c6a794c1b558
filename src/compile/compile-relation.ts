/**
 * A `relation` node (docs/semantics.md §6): the window picks the rows, `where` filters them,
 * the quantifier combines them. Every quantifier yields true or false, never NULL:
 * any = EXISTS(where), none = NOT EXISTS(where), all = NOT EXISTS(NOT where) — exact because
 * `where` is two-valued —, count and sum default to 0 on no rows, and min/max/avg are false on
 * no rows (`IS TRUE`). `avg` is compared exactly as SUM(f) against COUNT(f) × operand, since
 * AVG() rounds.
 */
import type { ColumnField } from "../ir/field-types.js";
import type { Expr, NodePath, Quantifier } from "../ir/nodes.js";
import { CompileInvariantError } from "./compile-errors.js";
import { comparisonTemplate } from "./compile-comparison.js";
import { exactDecimal, numericOperand } from "./compile-operand.js";
import { correlatedRows } from "./correlated-rows.js";
import { lastNCondition } from "./last-n-window.js";
import { periodConditions } from "./period-window.js";
import type { PredicateContext } from "./predicate-context.js";
import type { RelationRows } from "./relation-rows.js";
import { ALIAS, qualified } from "./schema-names.js";
import { sql } from "./sql-builder.js";
import { type SqlTemplate, sqlTemplate, wrapTemplate } from "./sql-template.js";

type RelationExpr = Extract<Expr, { kind: "relation" }>;

/** Compiles a predicate node in a given context (the `where` of the relation). */
export type CompileNested = (expr: Expr, ctx: PredicateContext) => SqlTemplate;

type QuantifierKind = Quantifier["kind"];
type QuantifierHandler<K extends QuantifierKind> = (
  quantifier: Quantifier & { readonly kind: K },
  rows: RelationRows,
  where: SqlTemplate | null,
  path: NodePath,
) => SqlTemplate;

const COUNT_ALL = sqlTemplate("COUNT(*)");

/** `COALESCE(<aggregate>, 0)`: count and sum are 0 over no rows. */
function orZero(aggregate: SqlTemplate): SqlTemplate {
  return wrapTemplate("COALESCE(", aggregate, ", 0)");
}

/** `(<condition>) IS TRUE`: turns a possibly-NULL condition into a two-valued one (NULL → false). */
function isTrue(condition: SqlTemplate): SqlTemplate {
  return wrapTemplate("(", condition, ") IS TRUE");
}

const QUANTIFIERS: { readonly [K in QuantifierKind]: QuantifierHandler<K> } = {
  any: (_q, rows, where) => rows.some(where),
  none: (_q, rows, where) => rows.none(where),
  all: (_q, rows, where) => (where === null ? sqlTemplate("TRUE") : rows.none(wrapTemplate("NOT (", where, ")"))),
  count: (q, rows, where, path) => comparisonTemplate(orZero(rows.aggregate(COUNT_ALL, where)), q.test, (s) => numericOperand(s, path)),
  sum: (q, rows, where, path) =>
    comparisonTemplate(orZero(rows.aggregate(sqlTemplate("SUM(??)", [aggregated(q.field, rows, path)]), where)), q.test, (s) => numericOperand(s, path)),
  min: (q, rows, where, path) => extremum("MIN", q, rows, where, path),
  max: (q, rows, where, path) => extremum("MAX", q, rows, where, path),
  avg: (q, rows, where, path) => {
    const column = aggregated(q.field, rows, path);
    const count = sql.raw("COUNT(??)", [column]);
    // mean op x  ⇔  SUM op COUNT × x, because COUNT > 0 (also for between's two bounds).
    const exactMean = comparisonTemplate(sqlTemplate("SUM(??)", [column]), q.test, (s) => sql.raw("? * ?", [count, exactDecimal(s, path)]));
    // The aggregate is a parenthesized subquery already; NULL (no rows) is false.
    return wrapTemplate("", rows.aggregate(wrapTemplate("(? > 0 AND ", exactMean, ")", [count]), where), " IS TRUE");
  },
};

/** min/max: NULL over no rows, so the comparison is made two-valued with IS TRUE. */
function extremum(
  fn: "MIN" | "MAX",
  q: Quantifier & { readonly kind: "min" | "max" },
  rows: RelationRows,
  where: SqlTemplate | null,
  path: NodePath,
): SqlTemplate {
  const value = rows.aggregate(sqlTemplate(`${fn}(??)`, [aggregated(q.field, rows, path)]), where);
  return isTrue(comparisonTemplate(value, q.test, (s) => numericOperand(s, path)));
}

/** Two-valued SQL for a relation of the customer of `ctx`. */
export function compileRelation(expr: RelationExpr, ctx: PredicateContext, compileNested: CompileNested): SqlTemplate {
  if (ctx.row.scope !== "customer") {
    throw new CompileInvariantError(expr.path, `a relation cannot be nested in the ${ctx.row.scope} scope`);
  }
  const rows = rowsInWindow(expr, ctx);
  const where = expr.where === null ? null : compileNested(expr.where, { ...ctx, row: { scope: expr.scope, alias: rows.rowAlias } });
  const handler = QUANTIFIERS[expr.quantifier.kind] as QuantifierHandler<QuantifierKind>;
  return handler(expr.quantifier, rows, where, expr.path);
}

function rowsInWindow(expr: RelationExpr, ctx: PredicateContext): RelationRows {
  const row = ALIAS.relatedRow;
  return correlatedRows(expr.scope, row, windowConditions(expr, row, ctx), ctx);
}

/** Conditions that keep a related row (alias `row`) in the relation's window. */
function windowConditions(expr: RelationExpr, row: string, ctx: PredicateContext): SqlTemplate[] {
  const { window } = expr;
  if (window === null) return [];
  switch (window.kind) {
    case "period":
      return periodConditions(expr.scope, window, row, ctx, expr.path);
    case "last":
      return [lastNCondition(expr.scope, window.n, row, ctx, expr.path)];
    default: {
      const impossible: never = window;
      throw new CompileInvariantError(expr.path, `unknown window ${JSON.stringify(impossible)}`);
    }
  }
}

/** `alias.column` of an aggregated field, which must be an aggregatable field of the relation's scope. */
function aggregated(field: ColumnField, rows: RelationRows, path: NodePath): string {
  if (field.scope !== rows.scope || !field.aggregatable) {
    throw new CompileInvariantError(path, `${field.scope}.${field.path} cannot be aggregated in ${rows.scope}`);
  }
  return qualified(rows.rowAlias, field.column);
}
