/**
 * Errors a caller caused and can fix. Each carries a gRPC-style code, the path of the request
 * node at fault (empty when the request as a whole is at fault) and a message that is safe to
 * show. The RPC layer turns them into ConnectErrors; internal errors never use this class.
 */

/** Codes a user error can have (a subset of gRPC codes). */
export type UserErrorCode =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "aborted"
  | "deadline_exceeded"
  | "resource_exhausted"
  | "unimplemented";

/** A caller's error with the path of the bad node. */
export class UserError extends Error {
  override readonly name = "UserError";

  constructor(
    readonly code: UserErrorCode,
    /** Path of the offending request node, e.g. `predicate.and[2].condition.value`. */
    readonly path: string,
    /** What is wrong, without the path. */
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
  }
}

/** Shorthand for an INVALID_ARGUMENT user error. */
export function invalidArgument(path: string, detail: string): UserError {
  return new UserError("invalid_argument", path, detail);
}
