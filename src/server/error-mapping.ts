/**
 * Turns whatever a handler threw into the error the caller sees. User errors keep their code and
 * `path: detail` message; ConnectErrors keep code and message; a database that cannot be reached
 * is UNAVAILABLE (retryable); anything else is an internal error whose cause goes to the log and
 * never to the caller. Every error leaves with a google.rpc.ErrorInfo (its stable reason), every
 * INVALID_ARGUMENT with a google.rpc.BadRequest naming the field, and messages are capped
 * (error-details.ts).
 */
import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import type { Logger } from "pino";
import { isDatabaseUnreachable } from "../db/database-unreachable.js";
import { UserError, type UserErrorCode } from "../errors/user-error.js";
import { capMessage, connectErrorWithDetails, withDefaultDetails } from "./error-details.js";

/** What a caller sees while the database cannot be reached: retryable, and says so. */
export const DATABASE_UNAVAILABLE_MESSAGE = "the billing database is unreachable; retry with backoff";

/** Maps `err` to a ConnectError that is safe to send; logs the cause of internal errors. */
export function toConnectError(err: unknown, logger: Logger): ConnectError {
  if (err instanceof ConnectError) return withDefaultDetails(capped(err));
  if (err instanceof UserError) {
    return connectErrorWithDetails({ code: connectCodeOf(err.code), message: err.message, reason: err.reason, path: err.path, detail: err.detail });
  }
  if (isDatabaseUnreachable(err)) {
    logger.warn({ err }, "database unreachable");
    return connectErrorWithDetails({ code: Code.Unavailable, message: DATABASE_UNAVAILABLE_MESSAGE, reason: "DATABASE_UNAVAILABLE", path: "", detail: DATABASE_UNAVAILABLE_MESSAGE });
  }
  logger.error({ err }, "internal error");
  return connectErrorWithDetails({ code: Code.Internal, message: "internal error", reason: "INTERNAL", path: "", detail: "internal error" });
}

/** `err`, or a copy with a capped message when its message is too long to echo. */
function capped(err: ConnectError): ConnectError {
  const message = capMessage(err.rawMessage);
  if (message === err.rawMessage) return err;
  return new ConnectError(message, err.code, err.metadata, err.details.filter((d) => "desc" in d), err.cause);
}

/** The Connect code of a user error code. */
export function connectCodeOf(code: UserErrorCode): Code {
  switch (code) {
    case "invalid_argument":
      return Code.InvalidArgument;
    case "not_found":
      return Code.NotFound;
    case "already_exists":
      return Code.AlreadyExists;
    case "failed_precondition":
      return Code.FailedPrecondition;
    case "aborted":
      return Code.Aborted;
    case "deadline_exceeded":
      return Code.DeadlineExceeded;
    case "resource_exhausted":
      return Code.ResourceExhausted;
    case "unimplemented":
      return Code.Unimplemented;
    default: {
      const unhandled: never = code;
      throw new Error(`unhandled user error code ${String(unhandled)}`);
    }
  }
}

/**
 * Interceptor applying toConnectError to errors of unary calls and of response streams, so
 * handlers can simply throw. Internal errors are logged with the method that raised them.
 */
export function createErrorMappingInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    // The child logger is only needed for an error: built then, not on every call.
    const log = (): Logger => logger.child({ method: `/${req.service.typeName}/${req.method.name}` });
    try {
      const res = await next(req);
      if (!res.stream) return res;
      return { ...res, message: mapStreamErrors(res.message, log) } satisfies StreamResponse;
    } catch (err) {
      throw toConnectError(err, log());
    }
  };
}

async function* mapStreamErrors<T>(messages: AsyncIterable<T>, logger: () => Logger): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (err) {
    throw toConnectError(err, logger());
  }
}
