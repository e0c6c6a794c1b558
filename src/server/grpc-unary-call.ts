/**
 * Serves one unary gRPC call whose single binary message has been read, without connect's
 * streaming pipeline. It uses connect's own pieces where behaviour lives — handler context
 * (deadline, cancellation, shutdown), interceptors and implementation invocation, message size
 * limits and (de)serialization errors, the trailer status of an error — and writes the response
 * with the same calls connect-node makes: headers, the message, trailers.
 */
import type { DescMessage, DescMethodUnary } from "@bufbuild/protobuf";
import { Code, ConnectError, createHandlerContext, type Interceptor, type MethodImpl } from "@connectrpc/connect";
import { createMethodSerializationLookup, invokeUnaryImplementation, type UniversalServerRequest } from "@connectrpc/connect/protocol";
import { contentTypeProto, grpcStatusOk, headerContentType, headerGrpcStatus, setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import type { OutgoingHttpHeaders } from "node:http";
import type { Http2ServerResponse } from "node:http2";

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
}

/** A method prepared for direct calls: its spec and its size-limited binary serialization. */
export interface UnaryMethodRoute {
  readonly spec: UnaryMethodSpec;
  readonly parse: (bytes: Uint8Array) => unknown;
  readonly serialize: (message: unknown) => Uint8Array;
}

/** Prepares `spec` for direct calls under `options`. */
export function unaryMethodRoute(spec: UnaryMethodSpec, options: UnaryCallOptions): UnaryMethodRoute {
  const serialization = createMethodSerializationLookup(spec.method, undefined, undefined, options);
  const input = serialization.getI(true);
  const output = serialization.getO(true);
  return { spec, parse: (bytes) => input.parse(bytes), serialize: (message) => output.serialize(message as never) };
}

/**
 * Runs the call and writes its response. `input` is the parsed request message, `timeoutMs` the
 * parsed grpc-timeout. Never rejects: a failure of the call is its trailer status, a failure to
 * write means the caller is gone.
 */
export async function serveUnaryCall(
  route: UnaryMethodRoute,
  options: UnaryCallOptions,
  request: UniversalServerRequest,
  input: unknown,
  timeoutMs: number | undefined,
  res: Http2ServerResponse,
): Promise<void> {
  const { spec } = route;
  const context = createHandlerContext({
    service: spec.method.parent,
    method: spec.method,
    protocolName: "grpc",
    requestMethod: request.method,
    url: request.url,
    timeoutMs,
    shutdownSignal: options.shutdownSignal,
    requestSignal: request.signal,
    requestHeader: request.header,
    responseHeader: { [headerContentType]: contentTypeProto },
    responseTrailer: { [headerGrpcStatus]: grpcStatusOk },
    contextValues: request.contextValues,
  });
  let body: Uint8Array | undefined;
  let failure: unknown;
  try {
    const output = await invokeUnaryImplementation(spec, context, input as never, options.interceptors);
    body = envelope(route.serialize(output));
  } catch (err) {
    failure = err;
    setTrailerStatus(context.responseTrailer, err instanceof ConnectError ? err : new ConnectError("internal error", Code.Internal, undefined, undefined, err));
  }
  // As connect does when a call's output ends: the handler's signal fires, with the error if any.
  context.abort(failure);
  if (res.stream.destroyed) return;
  res.writeHead(200, nodeHeaders(context.responseHeader));
  if (body) res.write(body);
  res.addTrailers(nodeHeaders(context.responseTrailer));
  res.end();
}

/** The gRPC length prefix (uncompressed) followed by `message`. */
function envelope(message: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(5 + message.byteLength);
  out[0] = 0;
  out.writeUInt32BE(message.byteLength, 1);
  out.set(message, 5);
  return out;
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
