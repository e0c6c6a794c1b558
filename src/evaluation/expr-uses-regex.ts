/** Whether a predicate (expanded references and relation filters included) contains a regex match. */
import type { Expr } from "../ir/nodes.js";

/** True when any condition of `expr` uses `matches`. */
export function exprUsesRegex(expr: Expr): boolean {
  switch (expr.kind) {
    case "and":
    case "or":
      return expr.items.some(exprUsesRegex);
    case "not":
      return exprUsesRegex(expr.item);
    case "condition":
      return expr.test.op === "matches";
    case "relation":
      return expr.where !== null && exprUsesRegex(expr.where);
    case "segment":
      return expr.body !== null && exprUsesRegex(expr.body);
    default: {
      const impossible: never = expr;
      throw new Error(`unknown expression kind ${String((impossible as Expr).kind)}`);
    }
  }
}
