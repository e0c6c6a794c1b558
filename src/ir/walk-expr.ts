/** Pre-order traversal of predicate IR, the one place that knows where child nodes live. */
import type { Expr } from "./nodes.js";

/** Which nested predicates a walk enters. */
export interface WalkScope {
  /** Enter the `where` of relations (conditions on related rows). */
  readonly relationWhere: boolean;
  /** Enter the expanded `body` of segment references. */
  readonly segmentBodies: boolean;
}

/** Calls `visit` on `expr` and its descendants in pre-order, within `scope`. */
export function walkExpr(expr: Expr, scope: WalkScope, visit: (node: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case "and":
    case "or":
      for (const item of expr.items) walkExpr(item, scope, visit);
      return;
    case "not":
      walkExpr(expr.item, scope, visit);
      return;
    case "condition":
      return;
    case "relation":
      if (scope.relationWhere && expr.where !== null) walkExpr(expr.where, scope, visit);
      return;
    case "segment":
      if (scope.segmentBodies && expr.body !== null) walkExpr(expr.body, scope, visit);
      return;
    default: {
      const impossible: never = expr;
      throw new Error(`unknown expression kind ${String((impossible as Expr).kind)}`);
    }
  }
}
