/** Whether a predicate (expanded references and relation filters included) contains a regex match. */
import type { Expr } from "../ir/nodes.js";
import { walkExpr } from "../ir/walk-expr.js";

/** True when any condition of `expr` uses `matches`. */
export function exprUsesRegex(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, { relationWhere: true, segmentBodies: true }, (node) => {
    if (node.kind === "condition" && node.test.op === "matches") found = true;
  });
  return found;
}
