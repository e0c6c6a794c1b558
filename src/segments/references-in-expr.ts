/** Segment references of an IR predicate, with the path of each reference node. */
import type { Expr } from "../ir/nodes.js";
import type { ReferenceAt } from "./segment-repository.js";

/** Every segment node directly in `expr` (not inside expanded bodies), in tree order. */
export function referencesInExpr(expr: Expr): ReferenceAt[] {
  const found: ReferenceAt[] = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case "and":
      case "or":
        e.items.forEach(visit);
        return;
      case "not":
        visit(e.item);
        return;
      case "segment":
        found.push({ segmentId: e.segmentId, path: e.path });
        return;
      case "condition":
      case "relation":
        return;
      default: {
        const impossible: never = e;
        throw new Error(`unknown expression kind ${String((impossible as Expr).kind)}`);
      }
    }
  };
  visit(expr);
  return found;
}
