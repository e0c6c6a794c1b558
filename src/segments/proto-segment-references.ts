/** Segment ids referenced by a stored (already validated) proto predicate. */
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";

/** Distinct referenced segment ids, sorted. */
export function protoSegmentReferences(predicate: Predicate): string[] {
  const ids = new Set<string>();
  const visit = (p: Predicate | undefined): void => {
    if (!p) return;
    const node = p.node;
    switch (node.case) {
      case "and":
      case "or":
        node.value.predicates.forEach(visit);
        return;
      case "not":
        visit(node.value);
        return;
      case "segment":
        ids.add(node.value.segmentId);
        return;
      case "condition":
      case "relation":
      case undefined:
        return;
      default: {
        const impossible: never = node;
        throw new Error(`unknown predicate node ${String(impossible)}`);
      }
    }
  };
  visit(predicate);
  return [...ids].sort();
}
