/**
 * Size limits of a predicate (docs/semantics.md §9). Each violation is an INVALID_ARGUMENT at
 * the path of the node where the limit was crossed.
 */
import { invalidArgument } from "../errors/user-error.js";

/** Deepest nesting of and/or/not/relation nodes. */
export const MAX_NESTING_LEVELS = 32;
/** Most predicate nodes (every Predicate message, including those inside relations). */
export const MAX_PREDICATE_NODES = 2000;
/** Most values of one in/not_in list. */
export const MAX_LIST_VALUES = 1000;
/** Longest string operand, in characters (code points). */
export const MAX_STRING_LENGTH = 1000;
/** Largest `last N` window. */
export const MAX_WINDOW_LAST = 1000;
/** Longest segment id in a reference (ids are `seg_` and 26 characters). */
export const MAX_SEGMENT_ID_CHARS = 40;

/** Counts the predicate nodes of one predicate as lowering visits them. */
export class NodeBudget {
  private visited = 0;

  /** Counts the node at `path`; throws when it is one too many. */
  visit(path: string): void {
    this.visited++;
    if (this.visited > MAX_PREDICATE_NODES) {
      throw invalidArgument(path, `the predicate has more than ${MAX_PREDICATE_NODES} nodes; this is node ${this.visited}`, "LIMIT_EXCEEDED");
    }
  }
}

/**
 * Checks that an and/or/not/relation node enclosed by `enclosingLevels` such nodes stays
 * within {@link MAX_NESTING_LEVELS}.
 */
export function checkNestingLevel(enclosingLevels: number, path: string): void {
  if (enclosingLevels + 1 > MAX_NESTING_LEVELS) {
    throw invalidArgument(path, `and/or/not/relation nodes are nested more than ${MAX_NESTING_LEVELS} levels deep`, "LIMIT_EXCEEDED");
  }
}
