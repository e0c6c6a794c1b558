/**
 * The google.rpc details every error carries: an ErrorInfo with the stable reason
 * (src/errors/error-reasons.ts) and, for INVALID_ARGUMENT, a BadRequest field violation with the
 * path of the bad node. Messages are capped here too, so nothing a caller sent is echoed
 * unbounded.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { ERROR_DOMAIN, type ErrorReason } from "../errors/error-reasons.js";

/** Longest status message sent, in characters; longer ones are cut and end with "…". */
export const MAX_ERROR_MESSAGE_CHARS = 1024;

/** The reason of an error that carries none of its own, by code. */
const REASON_BY_CODE: { readonly [C in Code]: ErrorReason } = {
  [Code.Canceled]: "CANCELED",
  [Code.Unknown]: "INTERNAL",
  [Code.InvalidArgument]: "INVALID_VALUE",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "LIMIT_EXCEEDED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "STALE_VERSION",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "INTERNAL",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
};

/** The default reason of a ConnectError code. */
export function reasonOfCode(code: Code): ErrorReason {
  return REASON_BY_CODE[code];
}

/** `text` cut to {@link MAX_ERROR_MESSAGE_CHARS} (on a code point boundary) and trimmed. */
export function capMessage(text: string): string {
  if (text.length <= MAX_ERROR_MESSAGE_CHARS) return text.trim();
  let cut = MAX_ERROR_MESSAGE_CHARS - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** What an error says about itself: its code, message, reason and the field at fault. */
export interface ErrorFacts {
  readonly code: Code;
  /** The whole message, `path: detail` when there is a path. */
  readonly message: string;
  readonly reason: ErrorReason;
  /** Path of the bad node ("" for the request as a whole). */
  readonly path: string;
  /** The message without the path. */
  readonly detail: string;
}

/** A ConnectError with a capped message, an ErrorInfo and, for INVALID_ARGUMENT, a BadRequest. */
export function connectErrorWithDetails(facts: ErrorFacts): ConnectError {
  const error = new ConnectError(capMessage(facts.message), facts.code);
  addDetails(error, facts);
  return error;
}

/** Adds the ErrorInfo (and BadRequest) of `facts` to `error`, unless it has an ErrorInfo already. */
export function addDetails(error: ConnectError, facts: Omit<ErrorFacts, "message" | "code">): void {
  if (hasErrorInfo(error)) return;
  const metadata: Record<string, string> = facts.path ? { path: capMessage(facts.path) } : {};
  error.details.push({ desc: ErrorInfoSchema, value: { reason: facts.reason, domain: ERROR_DOMAIN, metadata } });
  if (error.code === Code.InvalidArgument) {
    error.details.push({
      desc: BadRequestSchema,
      value: { fieldViolations: [{ field: capMessage(facts.path), description: capMessage(facts.detail), reason: facts.reason }] },
    });
  }
}

/** Gives a ConnectError raised without details (by connect or a handler) the ErrorInfo of its code. */
export function withDefaultDetails(error: ConnectError): ConnectError {
  addDetails(error, { reason: reasonOfCode(error.code), path: "", detail: error.rawMessage });
  return error;
}

function hasErrorInfo(error: ConnectError): boolean {
  return error.details.some((d) => ("desc" in d ? d.desc.typeName : d.type) === ErrorInfoSchema.typeName);
}
