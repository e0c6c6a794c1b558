/**
 * Errors a caller caused and can fix. Each carries a gRPC-style code, the path of the request
 * node at fault (empty when the request as a whole is at fault), a message that is safe to
 * show, and a stable reason (error-reasons.ts). The RPC layer turns them into ConnectErrors;
 * internal errors never use this class.
 */
import type { ErrorReason } from "./error-reasons.js";

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

/** The reason of a user error that names none: one per code. */
export const DEFAULT_REASONS: { readonly [C in UserErrorCode]: ErrorReason } = {
  invalid_argument: "INVALID_VALUE",
  not_found: "NOT_FOUND",
  already_exists: "ALREADY_EXISTS",
  failed_precondition: "FAILED_PRECONDITION",
  aborted: "STALE_VERSION",
  deadline_exceeded: "DEADLINE_EXCEEDED",
  resource_exhausted: "LIMIT_EXCEEDED",
  unimplemented: "UNIMPLEMENTED",
};

/** A caller's error with the path of the bad node. */
export class UserError extends Error {
  override readonly name = "UserError";

  constructor(
    readonly code: UserErrorCode,
    /** Path of the offending request node, e.g. `predicate.and[2].condition.value`. */
    readonly path: string,
    /** What is wrong, without the path. */
    readonly detail: string,
    /** Stable machine-readable reason (default: the code's). */
    readonly reason: ErrorReason = DEFAULT_REASONS[code],
  ) {
    super(path ? `${path}: ${detail}` : detail);
  }
}

/** Shorthand for an INVALID_ARGUMENT user error. */
export function invalidArgument(path: string, detail: string, reason: ErrorReason = "INVALID_VALUE"): UserError {
  return new UserError("invalid_argument", path, detail, reason);
}
