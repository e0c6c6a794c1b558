/**
 * The network server: gRPC, gRPC-Web and Connect on one port, over HTTP/2 and HTTP/1.1 — cleartext
 * (the protocol told by the first bytes, http-version-sniffer.ts) or TLS (chosen by ALPN; with a
 * client CA, every client must present a certificate it signed, and the verified certificate is on
 * each call's context, call-context.ts). Every call passes the RPC logger, the error mapping and
 * the auth interceptor; request messages are capped at maxRequestBytes (larger ones fail with
 * RESOURCE_EXHAUSTED before reaching a handler). Connections are bounded (connection-limits.ts): a deadline for the TLS
 * handshake and the first bytes, HTTP/1.1 header and keep-alive timeouts, a request timeout (both
 * protocols), an idle timeout and a stream cap per HTTP/2 connection, and a cap on open connections.
 *
 * Shutdown is graceful: health turns NOT_SERVING, the port stops accepting, HTTP/2 clients get
 * GOAWAY (no new streams), idle HTTP/1.1 connections are closed, and calls in flight may finish
 * within the grace period; after it, handlers see their signal aborted and end with a clean
 * UNAVAILABLE "server is shutting down" status (a gRPC trailer, not a stream reset; see
 * shutdown-status.ts), a gRPC call whose handler does not end gets that status written for it,
 * and then remaining connections are destroyed.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { Code, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { setMaxListeners } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import http2, { type Http2ServerResponse, type ServerHttp2Session } from "node:http2";
import net, { type AddressInfo, type Socket } from "node:net";
import tls, { type TLSSocket } from "node:tls";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../gen/google/rpc/status_pb.js";
import { ERROR_DOMAIN } from "../errors/error-reasons.js";
import { callContextFromRequest, protocolOf } from "./call-context.js";
import { refuseStreamingRequestOverHttp1 } from "./http1-streaming-refusal.js";
import { rememberVerifiedClientCertificate } from "./client-certificate.js";
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "./connection-limits.js";
import { reasonOfCode } from "./error-details.js";
import { createErrorMappingInterceptor } from "./error-mapping.js";
import { rewriteGrpcMessageTrailer } from "./grpc-message-encoding.js";
import { REQUEST_BINARY_OPTIONS, REQUEST_JSON_OPTIONS } from "./request-message-guard.js";
import { releaseStalledWritesOnClose } from "./release-stalled-writes.js";
import { SHUTTING_DOWN_MESSAGE, createShutdownStatusInterceptor, shuttingDownError } from "./shutdown-status.js";
import type { HealthStatus } from "./health-status.js";
import { dispatchByPreface, type HttpVersion, type ProtocolChoice } from "./http-version-sniffer.js";
import { closeWhenIdle } from "./http2-idle-timeout.js";
import { limitRequestTime, streamingRequestPaths } from "./http2-request-timeout.js";
import { createRpcLogger } from "./rpc-logger.js";
import { createRpcRequestHandler } from "./unary-fast-path/rpc-request-handler.js";

/** Settings of startServer. */
export interface StartServerOptions {
  /** TCP port; 0 picks a free one (see RunningServer.port). */
  readonly port: number;
  /** Interface to bind; default: all interfaces. */
  readonly host?: string;
  /** Serve TLS (HTTP/2 and HTTP/1.1 by ALPN) instead of cleartext. */
  readonly tls?: TlsMaterial;
  /** Connection timeouts and caps; each unset one keeps its default (DEFAULT_CONNECTION_LIMITS). */
  readonly connections?: Partial<ConnectionLimits>;
  /** Registers the services, e.g. `(router) => router.service(SegmentService, impl)`. */
  readonly routes: (router: ConnectRouter) => void;
  readonly logger: Logger;
  /** Largest accepted request message, bytes. */
  readonly maxRequestBytes: number;
  /** Turned NOT_SERVING (for good) when closing starts. */
  readonly health: HealthStatus;
  /**
   * Serve plain unary gRPC calls without connect's streaming pipeline (default true; see
   * unary-fast-path/rpc-request-handler.ts). false routes every call through connect.
   */
  readonly unaryFastPath?: boolean;
  /**
   * Authenticates and authorizes every call (src/auth/auth-interceptor.ts); it runs after the
   * RPC logger and the error mapping, on connect's pipeline and the unary fast path alike.
   * Absent: no access control (tests of the transport alone).
   */
  readonly auth?: Interceptor;
}

/** PEM contents of the TLS files. */
export interface TlsMaterial {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** CA certificates of client certificates; set: every client must present one they signed (mTLS). */
  readonly clientCa?: string | Buffer;
}

/** A listening server. */
export interface RunningServer {
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  /**
   * Shuts down gracefully: in-flight calls get up to `graceMs` to finish, then every remaining
   * connection is destroyed. Resolves when all connections are gone; later calls return the same
   * promise.
   */
  close(graceMs: number): Promise<void>;
}

interface ConnectionState {
  version: HttpVersion | "pending";
  /** HTTP/1.1 requests in flight on this connection. */
  active: number;
}

/**
 * HTTP/2 flow-control windows the server grants. With the protocol's default of 64 KiB, a
 * request of a few MB (a large BatchIsMember, a big inline predicate) needs a window update per
 * 64 KiB, each waiting for the event loop to read and acknowledge; wider windows let such an
 * upload arrive without those round trips. Not measured on its own: the 25 s uploads first seen
 * in the hostile-input harness turned out to be mostly the harness's own blocked event loop.
 * Unread data stays bounded by node's per-session memory limit (maxSessionMemory).
 */
const HTTP2_STREAM_WINDOW_BYTES = 1 << 20;
const HTTP2_CONNECTION_WINDOW_BYTES = 8 << 20;

/** Starts listening; resolves once the port is bound. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const shutdownController = new AbortController();
  // Every call in flight listens for shutdown: many listeners are expected, not a leak.
  setMaxListeners(0, shutdownController.signal);
  const handler = createRpcRequestHandler({
    routes: options.routes,
    logger,
    unaryFastPath: options.unaryFastPath ?? true,
    readMaxBytes: options.maxRequestBytes,
    // Bounded decoding; JSON names only known fields and enum values (request-message-guard.ts).
    binaryOptions: REQUEST_BINARY_OPTIONS,
    jsonOptions: REQUEST_JSON_OPTIONS,
    // Responses are id lists over fast links: gzip cost more server CPU than it saved (bench/).
    acceptCompression: [],
    // The shutdown status sits inside the error mapping, so it leaves with its ErrorInfo like any error;
    // auth too, so its UNAUTHENTICATED / PERMISSION_DENIED carry ErrorInfo.
    interceptors: [
      createRpcLogger(logger),
      createErrorMappingInterceptor(logger),
      createShutdownStatusInterceptor(shutdownController.signal),
      ...(options.auth ? [options.auth] : []),
    ],
    shutdownSignal: shutdownController.signal,
    contextValues: callContextFromRequest,
  });

  const limits: ConnectionLimits = { ...DEFAULT_CONNECTION_LIMITS, ...options.connections };
  const connections = new Map<Socket, ConnectionState>();
  /** Every accepted TCP socket (under TLS, the one beneath the TLS socket): all go after the grace. */
  const transports = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  let closing: Promise<void> | undefined;

  const requestsThatStream = streamingRequestPaths(options.routes);
  /** gRPC responses not finished yet: after the grace, those whose handler ignores its signal get a status here. */
  const openGrpcResponses = new Set<Http2ServerResponse>();
  const http2Server = http2.createServer({ settings: { maxConcurrentStreams: limits.http2MaxConcurrentStreams, initialWindowSize: HTTP2_STREAM_WINDOW_BYTES } }, (req, res) => {
    limitRequestTime(req, limits.requestTimeoutMs, requestsThatStream);
    if (protocolOf(req.headers["content-type"]) === "grpc") {
      rewriteGrpcMessageTrailer(res);
      openGrpcResponses.add(res);
      res.once("close", () => openGrpcResponses.delete(res));
    }
    releaseStalledWritesOnClose(res);
    handler(req, res);
  });
  // e.g. a client that opens more streams than the cap it acknowledged: its connection is closed.
  http2Server.on("sessionError", (err: NodeJS.ErrnoException) => logger.debug({ reason: err.code ?? err.message }, "HTTP/2 connection closed on a protocol error"));
  http2Server.on("session", (session) => {
    sessions.add(session);
    // The connection-level window starts at HTTP/2's 64 KiB; widened once the session is up.
    session.setLocalWindowSize(HTTP2_CONNECTION_WINDOW_BYTES);
    session.once("close", () => sessions.delete(session));
    closeWhenIdle(session, {
      idleMs: limits.http2IdleTimeoutMs,
      closeGraceMs: limits.connectionTimeoutMs,
      onIdle: () => logger.debug({ idle_ms: limits.http2IdleTimeoutMs }, "closing an idle HTTP/2 connection"),
    });
  });

  const http1Server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often header and request timeouts are checked: a fraction of the shortest.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket;
      const state = connections.get(socket);
      if (closing) {
        refuseWhileClosing(res);
        return;
      }
      if (refuseStreamingRequestOverHttp1(req, res, requestsThatStream)) return;
      if (state) {
        state.active += 1;
        res.once("close", () => {
          state.active -= 1;
          if (closing && state.active === 0) socket.end();
        });
      }
      handler(req, res);
    },
  );
  // Node checks header and request timeouts only on servers that listen. This one never does (it is
  // handed connections), so its connection tracking is started as listening would start it.
  http1Server.emit("listening");

  const serveConnection = (socket: Socket, choice: ProtocolChoice): void => {
    if (closing) {
      socket.destroy();
      return;
    }
    const state: ConnectionState = { version: "pending", active: 0 };
    connections.set(socket, state);
    socket.once("close", () => connections.delete(socket));
    // A reset before the protocol is known must not crash the process; the servers handle later errors.
    socket.on("error", () => undefined);
    dispatchByPreface(socket, { http1: http1Server, http2: http2Server }, {
      choice,
      timeoutMs: limits.connectionTimeoutMs,
      onDispatch: (version) => {
        state.version = version;
      },
      onRefused: (reason) => logger.debug({ reason, timeout_ms: limits.connectionTimeoutMs }, "connection closed before its protocol was known"),
    });
  };

  const listener = options.tls ? tlsListener(options.tls, limits, logger, serveConnection) : net.createServer((socket) => serveConnection(socket, "sniff"));
  listener.on("connection", (socket: Socket) => {
    transports.add(socket);
    socket.once("close", () => transports.delete(socket));
  });
  if (limits.maxConnections > 0) listener.maxConnections = limits.maxConnections;
  // At most one line a second while the cap holds, however many connections are refused.
  let refused = 0;
  let refusedLoggedAt = 0;
  listener.on("drop", () => {
    refused += 1;
    if (Date.now() - refusedLoggedAt < 1000) return;
    logger.warn({ max_connections: limits.maxConnections, refused }, "connections refused: too many open connections");
    refused = 0;
    refusedLoggedAt = Date.now();
  });

  await listen(listener, options.port, options.host);
  const port = (listener.address() as AddressInfo).port;
  logger.info({ port, host: options.host ?? null, tls: options.tls ? (options.tls.clientCa ? "mtls" : "tls") : "off" }, "server listening");

  const close = async (graceMs: number): Promise<void> => {
    logger.info({ grace_ms: graceMs }, "server shutting down");
    options.health.shutdown();
    const allClosed = new Promise<void>((resolve) => listener.close(() => resolve()));
    for (const session of sessions) session.close();
    for (const [socket, state] of connections) {
      if (state.version === "pending") socket.destroy();
      else if (state.version === "http1" && state.active === 0) socket.end();
    }
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"grace_over">((resolve) => {
      timer = setTimeout(() => resolve("grace_over"), graceMs);
    });
    const outcome = await Promise.race([allClosed.then(() => "drained" as const), graceOver]);
    clearTimeout(timer);
    if (outcome === "grace_over") {
      logger.warn({ connections: connections.size }, "grace period over, cancelling remaining calls");
      // Handlers see their signal aborted and end with UNAVAILABLE (shutdown-status.ts): a status
      // in a trailer, not a reset. A handler that ignores its signal gets that status written here.
      shutdownController.abort(shuttingDownError());
      if ((await Promise.race([allClosed.then(() => true), sleep(CANCEL_WINDOW_MS).then(() => false)])) === false) {
        for (const res of openGrpcResponses) endWithShutdownStatus(res);
        await Promise.race([allClosed, sleep(FLUSH_MS)]);
      }
      for (const session of sessions) session.destroy();
      for (const socket of connections.keys()) socket.destroy();
      for (const socket of transports) socket.destroy();
      await allClosed;
    }
    // Stops the header-timeout checks started above; every connection is gone by now.
    http1Server.close();
    logger.info("server closed");
  };

  return {
    port,
    close(graceMs: number): Promise<void> {
      closing ??= close(graceMs);
      return closing;
    },
  };
}

/** How long calls cancelled at the end of the grace get to write their status. */
const CANCEL_WINDOW_MS = 500;
/** How long statuses written for calls that ignored their cancellation get to reach the wire. */
const FLUSH_MS = 100;

/** google.rpc.Status of the shutdown error with its ErrorInfo, as the grpc-status-details-bin trailer (unpadded base64). */
const SHUTDOWN_STATUS_DETAILS = Buffer.from(
  toBinary(
    StatusSchema,
    create(StatusSchema, {
      code: Code.Unavailable,
      message: SHUTTING_DOWN_MESSAGE,
      details: [anyPack(ErrorInfoSchema, create(ErrorInfoSchema, { reason: reasonOfCode(Code.Unavailable), domain: ERROR_DOMAIN }))],
    }),
  ),
)
  .toString("base64")
  .replace(/=+$/, "");

/**
 * Ends a gRPC response whose handler did not end after cancellation with UNAVAILABLE: headers and
 * status at once (trailers-only) when nothing was sent yet, else the status as trailers.
 */
function endWithShutdownStatus(res: Http2ServerResponse): void {
  if (res.writableEnded || res.stream.destroyed) return;
  const status = {
    "grpc-status": String(Code.Unavailable),
    "grpc-message": encodeURIComponent(SHUTTING_DOWN_MESSAGE),
    "grpc-status-details-bin": SHUTDOWN_STATUS_DETAILS,
  };
  try {
    if (!res.headersSent) res.stream.respond({ ":status": 200, "content-type": "application/grpc", ...status }, { endStream: true });
    else {
      res.addTrailers(status);
      res.end();
    }
  } catch {
    // The stream went away meanwhile; it is destroyed next anyway.
  }
}

/**
 * A TLS listener offering h2 and http/1.1 by ALPN; with a client CA it requires a client certificate
 * and refuses the handshake of any the CA did not sign. Each established connection goes to
 * `serve`, with the verified client certificate remembered on it.
 */
function tlsListener(material: TlsMaterial, limits: ConnectionLimits, logger: Logger, serve: (socket: Socket, choice: ProtocolChoice) => void): tls.Server {
  const mutual = material.clientCa !== undefined;
  const server = tls.createServer({
    cert: material.cert,
    key: material.key,
    ALPNProtocols: ["h2", "http/1.1"],
    minVersion: "TLSv1.2",
    handshakeTimeout: limits.connectionTimeoutMs,
    ...(mutual ? { ca: material.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  });
  server.on("secureConnection", (socket: TLSSocket) => {
    if (mutual && !rememberVerifiedClientCertificate(socket)) {
      socket.destroy();
      return;
    }
    serve(socket, socket.alpnProtocol === "h2" ? "http2" : "http1");
  });
  server.on("tlsClientError", (err: NodeJS.ErrnoException, socket: TLSSocket) => {
    // A certificate the CA did not sign fails after the handshake; its reason is on the socket.
    const reason = socket.authorizationError ?? err.code ?? err.message;
    logger.info({ peer: `${socket.remoteAddress ?? "unknown"}:${socket.remotePort ?? 0}`, reason: String(reason) }, "TLS handshake failed");
    socket.destroy();
  });
  return server;
}

function listen(server: net.Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** A Connect-style error body; gRPC-Web and gRPC clients read the 503 as UNAVAILABLE too. */
function refuseWhileClosing(res: ServerResponse): void {
  res.writeHead(503, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ code: "unavailable", message: "server is shutting down" }));
}
