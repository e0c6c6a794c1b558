/** The segments a lowered predicate references directly. */
import type { Expr } from "../ir/nodes.js";

function visit(expr: Expr, found: Set<string>): void {
  switch (expr.kind) {
    case "and":
    case "or":
      for (const item of expr.items) visit(item, found);
      return;
    case "not":
      visit(expr.item, found);
      return;
    case "relation":
      if (expr.where !== null) visit(expr.where, found);
      return;
    case "condition":
      return;
    case "segment":
      // The expanded body belongs to the referenced segment; its references are not ours.
      found.add(expr.segmentId);
      return;
    default: {
      const impossible: never = expr;
      throw new Error(`unknown expression ${JSON.stringify(impossible)}`);
    }
  }
}

/** Distinct ids of the segments `expr` references directly, in order of first appearance. */
export function collectSegmentReferences(expr: Expr): string[] {
  const found = new Set<string>();
  visit(expr, found);
  return [...found];
}
