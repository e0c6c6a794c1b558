/**
 * The predicate compiler: one handler per IR node kind (a kind without a handler does not
 * type-check). Every handler returns a two-valued SQL condition (never NULL) that can stand
 * as an operand of AND/OR/NOT without further parentheses. Conditions and their and/or/not
 * are joined as templates (src/compile/sql-template.ts) and become one knex fragment.
 */
import type { Expr, ExprKind } from "../ir/nodes.js";
import { CompileInvariantError, UnexpandedSegmentError } from "./compile-errors.js";
import { compileCondition } from "./compile-condition.js";
import { compileRelation } from "./compile-relation.js";
import type { PredicateContext } from "./predicate-context.js";
import type { SqlFragment } from "./sql-builder.js";
import { type SqlTemplate, joinTemplates, toFragment, wrapTemplate } from "./sql-template.js";

type Handler<K extends ExprKind> = (expr: Extract<Expr, { kind: K }>, ctx: PredicateContext) => SqlTemplate;

const HANDLERS: { readonly [K in ExprKind]: Handler<K> } = {
  and: (expr, ctx) => junction("AND", expr.items, expr.path, ctx),
  or: (expr, ctx) => junction("OR", expr.items, expr.path, ctx),
  not: (expr, ctx) => wrapTemplate("NOT (", predicateTemplate(expr.item, ctx), ")"),
  condition: compileCondition,
  relation: (expr, ctx) => compileRelation(expr, ctx, predicateTemplate),
  segment: (expr, ctx) => {
    if (expr.body === null) throw new UnexpandedSegmentError(expr.path, expr.segmentId);
    if (ctx.row.scope !== "customer") {
      throw new CompileInvariantError(expr.path, `a segment reference cannot be used in the ${ctx.row.scope} scope`);
    }
    return predicateTemplate(expr.body, ctx);
  },
};

/** The boolean SQL of `expr` over the row of `ctx` (the customer `c` at the top level). */
export function compilePredicate(expr: Expr, ctx: PredicateContext): SqlFragment {
  return toFragment(predicateTemplate(expr, ctx));
}

/** `compilePredicate` as a template, for a statement assembled from templates. */
export function predicateTemplate(expr: Expr, ctx: PredicateContext): SqlTemplate {
  const handler = HANDLERS[expr.kind] as Handler<ExprKind>;
  return handler(expr, ctx);
}

function junction(operator: "AND" | "OR", items: readonly Expr[], path: string, ctx: PredicateContext): SqlTemplate {
  if (items.length === 0) throw new CompileInvariantError(path, `${operator.toLowerCase()} needs at least one item`);
  return joinTemplates(operator, items.map((item) => predicateTemplate(item, ctx)));
}
