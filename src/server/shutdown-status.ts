/**
 * The status a call sees when shutdown cut it short: once the grace period is over, calls still
 * running have their signal aborted; whatever error that makes them end with (a cancelled
 * statement reads as DEADLINE_EXCEEDED inside the pipeline) reaches the caller as a clean
 * UNAVAILABLE "server is shutting down" status, retryable on another replica, never a stream
 * reset. Sits inside the error mapping, so the status leaves with its ErrorInfo (reason
 * UNAVAILABLE) like any other error, and the log line shows that code too.
 */
import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";

/** The message of calls ended by shutdown. */
export const SHUTTING_DOWN_MESSAGE = "server is shutting down";

/** The error of a call ended by shutdown. */
export function shuttingDownError(): ConnectError {
  return new ConnectError(SHUTTING_DOWN_MESSAGE, Code.Unavailable);
}

/** Interceptor replacing the errors of calls ended by `shutdownSignal` with UNAVAILABLE. */
export function createShutdownStatusInterceptor(shutdownSignal: AbortSignal): Interceptor {
  const endedByShutdown = (callSignal: AbortSignal): boolean => shutdownSignal.aborted && callSignal.aborted;
  return (next) => async (req) => {
    try {
      const res = await next(req);
      if (!res.stream) return res;
      return { ...res, message: replaceStreamError(res.message, () => endedByShutdown(req.signal)) } satisfies StreamResponse;
    } catch (err) {
      throw endedByShutdown(req.signal) ? shuttingDownError() : err;
    }
  };
}

async function* replaceStreamError<T>(messages: AsyncIterable<T>, endedByShutdown: () => boolean): AsyncIterable<T> {
  try {
    yield* messages;
  } catch (err) {
    throw endedByShutdown() ? shuttingDownError() : err;
  }
}
