/**
 * The predicate compiler: one handler per IR node kind (a kind without a handler does not
 * type-check). Every handler returns a two-valued SQL condition (never NULL) that can stand
 * as an operand of AND/OR/NOT without further parentheses.
 */
import type { Expr, ExprKind } from "../ir/nodes.js";
import { CompileInvariantError, UnexpandedSegmentError } from "./compile-errors.js";
import { compileCondition } from "./compile-condition.js";
import { compileRelation } from "./compile-relation.js";
import type { PredicateContext } from "./predicate-context.js";
import { type SqlFragment, sql } from "./sql-builder.js";

type Handler<K extends ExprKind> = (expr: Extract<Expr, { kind: K }>, ctx: PredicateContext) => SqlFragment;

const HANDLERS: { readonly [K in ExprKind]: Handler<K> } = {
  and: (expr, ctx) => junction("AND", expr.items, expr.path, ctx),
  or: (expr, ctx) => junction("OR", expr.items, expr.path, ctx),
  not: (expr, ctx) => sql.raw("NOT (?)", [compilePredicate(expr.item, ctx)]),
  condition: compileCondition,
  relation: (expr, ctx) => compileRelation(expr, ctx, compilePredicate),
  segment: (expr, ctx) => {
    if (expr.body === null) throw new UnexpandedSegmentError(expr.path, expr.segmentId);
    if (ctx.row.scope !== "customer") {
      throw new CompileInvariantError(expr.path, `a segment reference cannot be used in the ${ctx.row.scope} scope`);
    }
    return compilePredicate(expr.body, ctx);
  },
};

/** The boolean SQL of `expr` over the row of `ctx` (the customer `c` at the top level). */
export function compilePredicate(expr: Expr, ctx: PredicateContext): SqlFragment {
  const handler = HANDLERS[expr.kind] as Handler<ExprKind>;
  return handler(expr, ctx);
}

function junction(operator: "AND" | "OR", items: readonly Expr[], path: string, ctx: PredicateContext): SqlFragment {
  if (items.length === 0) throw new CompileInvariantError(path, `${operator.toLowerCase()} needs at least one item`);
  const parts = items.map((item) => compilePredicate(item, ctx));
  return sql.raw(`(${parts.map(() => "?").join(` ${operator} `)})`, parts);
}
