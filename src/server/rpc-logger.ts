/**
 * One JSON log line per RPC: method, outcome code, duration, peer, protocol and the caller once
 * authenticated. Unary calls are
 * logged when the handler returns; streaming calls when their response stream ends, because only
 * then is the outcome known.
 */
import { Code, ConnectError, type Interceptor, type StreamResponse } from "@connectrpc/connect";
import type { Logger } from "pino";
import { callerKey, peerKey, protocolKey } from "./call-context.js";

/** Fields of the per-RPC log line. */
export interface RpcLogLine {
  readonly method: string;
  /** "ok" or the Connect code name, e.g. "invalid_argument". */
  readonly code: string;
  readonly duration_ms: number;
  readonly peer: string;
  readonly protocol: string;
  /** Name of the authenticated caller; absent for public RPCs and refused callers. */
  readonly caller?: string;
}

/** Interceptor writing the per-RPC line to `logger`; put it first (outermost) in the list. */
export function createRpcLogger(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const started = performance.now();
    const method = `/${req.service.typeName}/${req.method.name}`;
    const finish = (code: Code | undefined): void => {
      const caller = req.contextValues.get(callerKey);
      const line: RpcLogLine = {
        method,
        code: code === undefined ? "ok" : codeName(code),
        duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
        peer: req.contextValues.get(peerKey),
        protocol: req.contextValues.get(protocolKey),
        ...(caller ? { caller: caller.name } : {}),
      };
      if (code !== undefined && isServerFault(code)) logger.error(line, "rpc");
      else logger.info(line, "rpc");
    };
    let res;
    try {
      res = await next(req);
    } catch (err) {
      finish(ConnectError.from(err).code);
      throw err;
    }
    if (!res.stream) {
      finish(undefined);
      return res;
    }
    return { ...res, message: logWhenDone(res.message, req.signal, finish) } satisfies StreamResponse;
  };
}

/**
 * Passes `messages` through and reports the outcome once: the error's code, "canceled" when the
 * consumer stopped reading early, the abort reason when the call was aborted, else ok.
 */
async function* logWhenDone<T>(
  messages: AsyncIterable<T>,
  signal: AbortSignal,
  finish: (code: Code | undefined) => void,
): AsyncIterable<T> {
  let outcome: { code: Code | undefined } | undefined;
  try {
    yield* messages;
    outcome = { code: signal.aborted ? ConnectError.from(signal.reason).code : undefined };
  } catch (err) {
    outcome = { code: ConnectError.from(err).code };
    throw err;
  } finally {
    finish(outcome ? outcome.code : Code.Canceled);
  }
}

/** Codes that mean the server, not the caller, is at fault. */
function isServerFault(code: Code): boolean {
  return code === Code.Internal || code === Code.Unknown || code === Code.DataLoss;
}

/** The Connect protocol's snake_case name of `code`. */
export function codeName(code: Code): string {
  switch (code) {
    case Code.Canceled:
      return "canceled";
    case Code.Unknown:
      return "unknown";
    case Code.InvalidArgument:
      return "invalid_argument";
    case Code.DeadlineExceeded:
      return "deadline_exceeded";
    case Code.NotFound:
      return "not_found";
    case Code.AlreadyExists:
      return "already_exists";
    case Code.PermissionDenied:
      return "permission_denied";
    case Code.ResourceExhausted:
      return "resource_exhausted";
    case Code.FailedPrecondition:
      return "failed_precondition";
    case Code.Aborted:
      return "aborted";
    case Code.OutOfRange:
      return "out_of_range";
    case Code.Unimplemented:
      return "unimplemented";
    case Code.Internal:
      return "internal";
    case Code.Unavailable:
      return "unavailable";
    case Code.DataLoss:
      return "data_loss";
    case Code.Unauthenticated:
      return "unauthenticated";
    default: {
      const unhandled: never = code;
      return `code_${String(unhandled)}`;
    }
  }
}
