/** Segment references of an IR predicate, with the path of each reference node. */
import type { Expr } from "../ir/nodes.js";
import { walkExpr } from "../ir/walk-expr.js";
import type { ReferenceAt } from "./reference-graph.js";

/** Every segment node directly in `expr` (not inside expanded bodies), in tree order. */
export function referencesInExpr(expr: Expr): ReferenceAt[] {
  const found: ReferenceAt[] = [];
  walkExpr(expr, { relationWhere: false, segmentBodies: false }, (node) => {
    if (node.kind === "segment") found.push({ segmentId: node.segmentId, path: node.path });
  });
  return found;
}
