/**
 * Internal errors of the compiler: states lowering and reference expansion should have made
 * impossible. They become INTERNAL with a generic message; the detail goes to the log.
 */

/** A `segment` node reached the compiler before reference expansion filled its body. */
export class UnexpandedSegmentError extends Error {
  override readonly name = "UnexpandedSegmentError";

  constructor(
    readonly path: string,
    readonly segmentId: string,
  ) {
    super(`${path}: segment ${segmentId} was not expanded before compiling`);
  }
}

/** The IR broke an invariant lowering guarantees (wrong scope, operand type, nesting). */
export class CompileInvariantError extends Error {
  override readonly name = "CompileInvariantError";

  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}
