/**
 * Serves one unary gRPC call whose single binary message has been read, without connect's
 * streaming pipeline. Behaviour comes from connect's own pieces — interceptors and implementation
 * invocation, message size limits and (de)serialization errors, the trailer status of an error —
 * and the response is written with the calls connect-node makes: headers, the message, trailers.
 *
 * The handler context is built here, with what connect's createHandlerContext gives a handler:
 * one signal that aborts at the deadline (DEADLINE_EXCEEDED "the operation timed out"), when the
 * client resets the stream (the code of the reset), when the server shuts down (its reason), and
 * when the call is over. It takes one AbortController where connect takes three, and the "call
 * is over" abort carries a shared reason (`CALL_COMPLETED`) instead of a fresh DOMException:
 * signals and their abort reasons are among the most expensive objects of a call in Node 20.
 */
import type { BinaryReadOptions, BinaryWriteOptions, DescMessage, DescMethodUnary } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, type ContextValues, type HandlerContext, type Interceptor, type MethodImpl } from "@connectrpc/connect";
import { createMethodSerializationLookup, getAbortSignalReason, invokeUnaryImplementation } from "@connectrpc/connect/protocol";
import { contentTypeProto, grpcStatusOk, headerContentType, headerGrpcStatus, setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { frameMessage } from "./grpc-length-prefix.js";

/** A unary method with its implementation, as connect's router holds it. */
export interface UnaryMethodSpec {
  readonly kind: "unary";
  readonly method: DescMethodUnary<DescMessage, DescMessage>;
  readonly impl: MethodImpl<DescMethodUnary<DescMessage, DescMessage>>;
}

/** What every call of a server shares (connect's validated handler options). */
export interface UnaryCallOptions {
  readonly interceptors: Interceptor[];
  readonly shutdownSignal: AbortSignal | undefined;
  readonly readMaxBytes: number;
  readonly writeMaxBytes: number;
  readonly binaryOptions: Partial<BinaryReadOptions & BinaryWriteOptions> | undefined;
}

/** A method prepared for direct calls: its spec and its size-limited binary serialization. */
export interface UnaryMethodRoute {
  readonly spec: UnaryMethodSpec;
  readonly parse: (bytes: Uint8Array) => unknown;
  readonly serialize: (message: unknown) => Uint8Array;
}

/** The HTTP side of one call. */
export interface UnaryCallRequest {
  readonly req: Http2ServerRequest;
  readonly res: Http2ServerResponse;
  /** Absolute URL of the request, as connect builds it. */
  readonly url: string;
  readonly values: ContextValues | undefined;
  /** Parsed grpc-timeout, if the client sent one. */
  readonly timeoutMs: number | undefined;
}

/** The abort reason of a handler's signal when its call ended normally. */
export const CALL_COMPLETED = new ConnectError("the call has completed", Code.Canceled);

/** Prepares `spec` for direct calls under `options`. */
export function unaryMethodRoute(spec: UnaryMethodSpec, options: UnaryCallOptions): UnaryMethodRoute {
  const serialization = createMethodSerializationLookup(spec.method, options.binaryOptions, undefined, options);
  const input = serialization.getI(true);
  const output = serialization.getO(true);
  return { spec, parse: (bytes) => input.parse(bytes), serialize: (message) => output.serialize(message as never) };
}

/**
 * Runs the call on the parsed request message `input` and writes its response. Never rejects for
 * the call's own failure (that is its trailer status); a failure to write means the caller is gone.
 */
export async function serveUnaryCall(route: UnaryMethodRoute, options: UnaryCallOptions, call: UnaryCallRequest, input: unknown): Promise<void> {
  const { spec } = route;
  const { context, end } = handlerContext(spec, options, call);
  let body: Uint8Array | undefined;
  let failure: unknown;
  try {
    const output = await invokeUnaryImplementation(spec, context as Parameters<typeof invokeUnaryImplementation>[1], input as never, options.interceptors);
    body = frameMessage(route.serialize(output));
  } catch (err) {
    failure = err;
    setTrailerStatus(context.responseTrailer, err instanceof ConnectError ? err : new ConnectError("internal error", Code.Internal, undefined, undefined, err));
  }
  // As connect does when a call's output ends: the handler's signal fires, with the error if any.
  end(failure);
  const { res } = call;
  if (res.stream.destroyed) return;
  res.writeHead(200, nodeHeaders(context.responseHeader));
  if (body) res.write(body);
  res.addTrailers(nodeHeaders(context.responseTrailer));
  res.end();
}

/** The context handed to interceptors and the implementation, and the function ending it. */
function handlerContext(spec: UnaryMethodSpec, options: UnaryCallOptions, call: UnaryCallRequest): { context: HandlerContext; end(failure: unknown): void } {
  const controller = new AbortController();
  const abort = (reason: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const { req, timeoutMs } = call;
  let timer: NodeJS.Timeout | undefined;
  let remaining: () => number | undefined = () => undefined;
  if (timeoutMs !== undefined) {
    const deadline = Date.now() + timeoutMs;
    remaining = () => deadline - Date.now();
    const expire = (): void => abort(new ConnectError("the operation timed out", Code.DeadlineExceeded));
    if (timeoutMs <= 0) expire();
    else timer = setTimeout(expire, timeoutMs);
  }
  const shutdown = options.shutdownSignal;
  const onShutdown = (): void => abort(shutdown ? getAbortSignalReason(shutdown) : undefined);
  if (shutdown?.aborted) onShutdown();
  else shutdown?.addEventListener("abort", onShutdown);
  const onClose = (): void => abort(resetError(req.stream.rstCode));
  req.once("close", onClose);

  const context: HandlerContext = {
    service: spec.method.parent,
    method: spec.method,
    protocolName: "grpc",
    requestMethod: "POST",
    url: call.url,
    signal: controller.signal,
    timeoutMs: remaining,
    requestHeader: webHeaders(req.headers),
    responseHeader: new Headers({ [headerContentType]: contentTypeProto }),
    responseTrailer: new Headers({ [headerGrpcStatus]: grpcStatusOk }),
    values: call.values ?? createContextValues(),
  };
  return {
    context,
    end(failure) {
      clearTimeout(timer);
      shutdown?.removeEventListener("abort", onShutdown);
      req.off("close", onClose);
      abort(failure ?? CALL_COMPLETED);
    },
  };
}

/** The error of a stream the client reset, by HTTP/2 error code (none for a plain close). */
function resetError(rstCode: number): ConnectError | undefined {
  const known = RESET_ERRORS[rstCode];
  return known ? new ConnectError(`http/2 stream closed with error code ${known[0]} (0x${rstCode.toString(16)})`, known[1]) : undefined;
}

/**
 * How connect reports a reset stream to its handlers, by HTTP/2 error code (RFC 9113, section 7).
 * NO_ERROR (0) and STREAM_CLOSED (5) are plain closes.
 */
const RESET_ERRORS: Readonly<Record<number, readonly [string, Code]>> = {
  1: ["PROTOCOL_ERROR", Code.Internal],
  2: ["INTERNAL_ERROR", Code.Internal],
  3: ["FLOW_CONTROL_ERROR", Code.Internal],
  4: ["SETTINGS_TIMEOUT", Code.Internal],
  6: ["FRAME_SIZE_ERROR", Code.Internal],
  7: ["REFUSED_STREAM", Code.Unavailable],
  8: ["CANCEL", Code.Canceled],
  9: ["COMPRESSION_ERROR", Code.Internal],
  10: ["CONNECT_ERROR", Code.Internal],
  11: ["ENHANCE_YOUR_CALM", Code.ResourceExhausted],
  12: ["INADEQUATE_SECURITY", Code.PermissionDenied],
  13: ["HTTP_1_1_REQUIRED", Code.PermissionDenied],
};

/** The request's header fields as fetch Headers, without HTTP/2 pseudo-headers. */
function webHeaders(fields: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const key in fields) {
    const value = fields[key];
    if (key.startsWith(":") || value === undefined) continue;
    if (typeof value === "string") headers.append(key, value);
    else for (const v of value) headers.append(key, v);
  }
  return headers;
}

/** Fetch Headers as Node header fields; repeated fields (set-cookie) become arrays. */
function nodeHeaders(headers: Headers): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  headers.forEach((value, key) => {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  return out;
}
