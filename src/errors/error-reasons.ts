/**
 * The stable reasons of errors (google.rpc.ErrorInfo.reason, and BadRequest field violations):
 * the one table a program can switch on instead of parsing messages. README "Errors" lists them.
 */

/** Every reason an error of this service can carry. */
export const ERROR_REASONS = {
  MALFORMED_REQUEST: "the request message could not be decoded: truncated or garbage protobuf, invalid UTF-8, a wrong wire type, messages nested too deep, unknown JSON fields or enum names",
  MISSING_FIELD: "a required field or node is not set",
  UNKNOWN_FIELD: "a condition or aggregate names a field the catalog does not have",
  TYPE_MISMATCH: "an operand, operator or value does not fit the field's type",
  INVALID_VALUE: "a value is not acceptable (bad syntax, wrong combination of fields)",
  OUT_OF_RANGE: "an integer or time is outside its allowed range",
  LIMIT_EXCEEDED: "a size limit was crossed: nesting, node count, list length, string length, message size",
  REGEX_UNSAFE: "a pattern can backtrack catastrophically or is outside the portable subset",
  INVALID_TOKEN: "a page token or export cursor is malformed or was issued for another request",
  REFERENCE_CYCLE: "segment references would form a cycle",
  NOT_FOUND: "the segment, version or customer does not exist",
  ALREADY_EXISTS: "a segment with that name exists",
  STALE_VERSION: "expected_version is not the segment's current version; read again and retry",
  FAILED_PRECONDITION: "the request is valid but the current state forbids it (dependents, a regex the database gave up on, a saved segment that no longer validates)",
  DEADLINE_EXCEEDED: "the deadline or the statement time limit passed",
  CANCELED: "the caller cancelled the call",
  DATABASE_UNAVAILABLE: "the billing database cannot be reached; retry with backoff",
  UNAVAILABLE: "the service is starting or shutting down; retry with backoff",
  UNAUTHENTICATED: "no valid caller identity: no token, a malformed, unknown or revoked one, or an unregistered client certificate",
  PERMISSION_DENIED: "the caller lacks a scope the call needs (the message names it)",
  UNIMPLEMENTED: "the method, feature or compression is not supported",
  INTERNAL: "a fault of the service; the cause is in its log",
} as const;

/** A stable error reason. */
export type ErrorReason = keyof typeof ERROR_REASONS;

/** The ErrorInfo domain of every reason. */
export const ERROR_DOMAIN = "segments.kontorion";
