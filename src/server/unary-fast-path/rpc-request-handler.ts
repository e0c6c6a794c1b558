/**
 * The unary gRPC fast path: the Node request handler of the routes (HTTP/1.1 and HTTP/2), doing
 * what connect-node's connectNodeAdapter does, with one shortcut. This folder is the fast path and
 * nothing outside it knows how it works.
 *
 * Why it exists: connect runs every call, unary ones included, through a chain of async-iterable
 * stages built for streams (split, decompress, parse, invoke, serialize, compress, join). On a
 * unary call that chain cost ~300 µs of server CPU, ten times Node's HTTP/2 itself
 * (bench/rpc-overhead.ts); serving plain unary gRPC calls here cut the full benchmark at c=32
 * from 239 to 93 µs per Health/Check call and from 346 to 226 µs per IsMember call (README,
 * "Benchmarks").
 *
 * What it serves: a unary gRPC call over HTTP/2 carrying one binary, uncompressed message within
 * the size limit, to a method registered without options of its own, on a server that configures
 * no response compression (grpc-unary-call.ts). Every other request — Connect and gRPC-Web,
 * HTTP/1.1, streaming methods, compression, JSON, a bad grpc-timeout, an envelope that is not
 * exactly one message, bytes that do not parse — goes to connect's handler as before, with any
 * body bytes already read replayed (unary-envelope-reader.ts).
 *
 * What must stay identical to connect, byte for byte, as a raw HTTP/2 client sees it
 * (test/server/direct-unary-grpc.test.ts proves it against connect for the version in
 * proven-connect-version.ts): the HTTP status, response headers and trailers (grpc-status,
 * grpc-message and its encoding, error details), the encoding of errors (a ConnectError's code and
 * message, any other error as INTERNAL "internal error"), the message size limits (readMaxBytes,
 * writeMaxBytes) and their errors, grpc-timeout and the DEADLINE_EXCEEDED it causes, the handler
 * context (signal aborted at the deadline, on a client reset with the reset's code, on server
 * shutdown with its reason, and when the call is over), the interceptors run and their order, and
 * so the log line of every call and what a handler failure that reaches no caller logs.
 *
 * It relies on exports connect marks private (`@connectrpc/connect/protocol`,
 * `@connectrpc/connect/protocol-grpc`); test/server/unary-fast-path-version.test.ts fails when
 * the installed connect differs from the proven version. UNARY_FAST_PATH=false (config.ts) turns
 * the shortcut off: every call then goes through connect.
 */
import type { DescMethod, DescService } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createConnectRouter,
  createMethodImplSpec,
  createServiceImplSpec,
  type ConnectRouter,
  type ConnectRouterOptions,
  type ContextValues,
  type MethodImpl,
  type MethodImplSpec,
  type ServiceImpl,
} from "@connectrpc/connect";
import { universalRequestFromNodeRequest, universalResponseToNodeResponse } from "@connectrpc/connect-node";
import { createMethodUrl, validateUniversalHandlerOptions, type UniversalHandler, type UniversalServerRequest } from "@connectrpc/connect/protocol";
import { headerEncoding, headerTimeout, parseContentType, parseTimeout } from "@connectrpc/connect/protocol-grpc";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { Logger } from "pino";
import { frameMessage } from "./grpc-length-prefix.js";
import { serveUnaryCall, unaryMethodRoute, type UnaryCallOptions, type UnaryMethodRoute, type UnaryMethodSpec } from "./grpc-unary-call.js";
import { guardRequestMessages } from "../request-message-guard.js";
import { readUnaryEnvelope } from "./unary-envelope-reader.js";

/** Settings of the handler: connect's router options plus what connectNodeAdapter takes. */
export interface RpcRequestHandlerOptions extends ConnectRouterOptions {
  /** Registers the services, e.g. `(router) => router.service(SegmentService, impl)`. */
  readonly routes: (router: ConnectRouter) => void;
  /** Context values of one request (e.g. the caller's address). */
  readonly contextValues?: (req: Http2ServerRequest | IncomingMessage) => ContextValues;
  /**
   * Serve eligible unary gRPC calls on the fast path (default; only without acceptCompression,
   * since the fast path never compresses); false sends every call through connect.
   */
  readonly unaryFastPath?: boolean;
  /** Where handler failures that reach no caller are logged. */
  readonly logger: Logger;
}

/** A request handler for `http.createServer` and `http2.createServer`. */
export type RpcRequestHandler = (req: Http2ServerRequest | IncomingMessage, res: Http2ServerResponse | ServerResponse) => void;

/** Builds the handler; the routes are registered once, here. */
export function createRpcRequestHandler(options: RpcRequestHandlerOptions): RpcRequestHandler {
  const { routes, contextValues, unaryFastPath = true, logger, ...routerOptions } = options;
  const validated = validateUniversalHandlerOptions(routerOptions);
  const callOptions: UnaryCallOptions = {
    interceptors: validated.interceptors,
    shutdownSignal: validated.shutdownSignal,
    readMaxBytes: validated.readMaxBytes,
    writeMaxBytes: validated.writeMaxBytes,
    binaryOptions: validated.binaryOptions,
  };
  // Response compression is connect's to negotiate: with any configured, every call goes there.
  const direct = unaryFastPath && validated.acceptCompression.length === 0;
  const router = createConnectRouter(routerOptions);
  const unary = new Map<string, UnaryMethodRoute>();
  routes(
    recordingRouter(router, (spec, withOwnOptions) => {
      const path = createMethodUrl("/", spec.method);
      if (spec.kind === "unary" && !withOwnOptions) unary.set(path, unaryMethodRoute(spec as UnaryMethodSpec, callOptions));
      else unary.delete(path);
    }),
  );
  // Messages are checked before connect decodes them: malformed ones are INVALID_ARGUMENT.
  const guard = { readMaxBytes: validated.readMaxBytes, logger };
  const handlers = new Map<string, UniversalHandler>(router.handlers.map((h) => [h.requestPath, guardRequestMessages(h, guard)]));

  const viaConnect = (handler: UniversalHandler, request: UniversalServerRequest, res: Http2ServerResponse | ServerResponse): void => {
    handler(request)
      .then((response) => universalResponseToNodeResponse(response, res))
      .catch((reason: unknown) => report(logger, handler, reason));
  };

  return (req, res) => {
    const path = req.url?.split("?", 2)[0] ?? "";
    const handler = handlers.get(path);
    if (!handler) {
      res.writeHead(404);
      res.end();
      return;
    }
    const values = contextValues?.(req);
    const route = direct && "stream" in req ? unary.get(path) : undefined;
    const timeout = route && isPlainGrpc(req as Http2ServerRequest) ? parseTimeout(header(req, headerTimeout), validated.maxTimeoutMs) : undefined;
    if (!route || !timeout || timeout.error) {
      viaConnect(handler, universalRequestFromNodeRequest(req, res, undefined, values), res);
      return;
    }
    const h2req = req as Http2ServerRequest;
    void readUnaryEnvelope(h2req, callOptions.readMaxBytes).then((body) => {
      const input = body.kind === "message" ? parsed(route, body.message) : undefined;
      if (input === undefined) {
        // connect's handler reads the same bytes again and answers with its own error.
        const replay = body.kind === "replay" ? body.body : oneChunk(body.message);
        viaConnect(handler, { ...universalRequestFromNodeRequest(req, res, undefined, values), body: replay }, res);
        return;
      }
      const call = { req: h2req, res: res as Http2ServerResponse, url: requestUrl(h2req), values, timeoutMs: timeout.timeoutMs };
      serveUnaryCall(route, callOptions, call, input.message).catch((reason: unknown) => report(logger, handler, reason));
    });
  };
}

/** The message decoded, or undefined when the bytes are not one (connect then reports why). */
function parsed(route: UnaryMethodRoute, message: Uint8Array): { readonly message: unknown } | undefined {
  try {
    return { message: route.parse(message) };
  } catch {
    return undefined;
  }
}

/** One header field as a string (the first value of a repeated one), or null. */
function header(req: Http2ServerRequest | IncomingMessage, name: string): string | null {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** Request URLs by authority and path: a server sees a handful, so parsing each once is enough. */
const requestUrls = new Map<string, string>();
const MAX_CACHED_URLS = 1000;

/** The request URL as connect-node builds it for handlers. */
function requestUrl(req: Http2ServerRequest): string {
  const key = `${req.authority} ${req.url}`;
  let url = requestUrls.get(key);
  if (url === undefined) {
    url = new URL(req.url, `http://${req.authority}`).toString();
    if (requestUrls.size >= MAX_CACHED_URLS) requestUrls.clear();
    requestUrls.set(key, url);
  }
  return url;
}

/** gRPC with binary messages, POST, an authority (connect refuses requests without), no request compression. */
function isPlainGrpc(req: Http2ServerRequest): boolean {
  if (req.method !== "POST" || !req.authority || parseContentType(header(req, "content-type"))?.binary !== true) return false;
  const encoding = header(req, headerEncoding);
  return encoding === null || encoding === "identity";
}

/** The body of a request whose message was read but is passed on: its prefix and bytes again. */
async function* oneChunk(message: Uint8Array): AsyncGenerator<Uint8Array> {
  yield frameMessage(message);
}

/** As connect-node: a failure after the caller went away (aborted) is expected, others are logged. */
function report(logger: Logger, handler: UniversalHandler, reason: unknown): void {
  if (ConnectError.from(reason).code === Code.Aborted) return;
  logger.error({ err: reason, method: `/${handler.service.typeName}/${handler.method.name}` }, "rpc handler failed");
}

/**
 * A router forwarding every registration to `router` and reporting each method registered: the
 * fast path may serve unary methods of services and rpcs registered without options of their
 * own (those run with the router's options); a later registration of the same path replaces it.
 */
function recordingRouter(router: ConnectRouter, onMethod: (spec: MethodImplSpec, withOwnOptions: boolean) => void): ConnectRouter {
  const recording: ConnectRouter = {
    get handlers() {
      return router.handlers;
    },
    service<T extends DescService>(service: T, implementation: Partial<ServiceImpl<T>>, options?: object) {
      router.service(service, implementation, options);
      for (const spec of Object.values(createServiceImplSpec(service, implementation).methods)) onMethod(spec, options !== undefined);
      return recording;
    },
    rpc<M extends DescMethod>(method: M, impl: MethodImpl<M>, options?: object) {
      router.rpc(method, impl, options);
      onMethod(createMethodImplSpec(method, impl), options !== undefined);
      return recording;
    },
  };
  return recording;
}
