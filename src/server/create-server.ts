/**
 * The network server: gRPC, gRPC-Web and Connect on one port, over cleartext HTTP/2 and HTTP/1.1.
 * Every call passes the RPC logger, the error mapping and the auth interceptor; request messages are capped at
 * maxRequestBytes (larger ones fail with RESOURCE_EXHAUSTED before reaching a handler).
 *
 * Shutdown is graceful: health turns NOT_SERVING, the port stops accepting, HTTP/2 clients get
 * GOAWAY (no new streams), idle HTTP/1.1 connections are closed, and calls in flight may finish
 * within the grace period; after it, handlers see their signal aborted and remaining connections
 * (open streams included) are destroyed.
 */
import { Code, ConnectError, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { setMaxListeners } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import http2, { type ServerHttp2Session } from "node:http2";
import net, { type AddressInfo, type Socket } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Logger } from "pino";
import { callContextFromRequest, protocolOf } from "./call-context.js";
import { createErrorMappingInterceptor } from "./error-mapping.js";
import { rewriteGrpcMessageTrailer } from "./grpc-message-encoding.js";
import { releaseStalledWritesOnClose } from "./release-stalled-writes.js";
import type { HealthStatus } from "./health-status.js";
import { dispatchByPreface, type HttpVersion } from "./http-version-sniffer.js";
import { createRpcLogger } from "./rpc-logger.js";
import { createRpcRequestHandler } from "./unary-fast-path/rpc-request-handler.js";

/** Settings of startServer. */
export interface StartServerOptions {
  /** TCP port; 0 picks a free one (see RunningServer.port). */
  readonly port: number;
  /** Interface to bind; default: all interfaces. */
  readonly host?: string;
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
    // Responses are id lists over fast links: gzip cost more server CPU than it saved (bench/).
    acceptCompression: [],
    interceptors: [createRpcLogger(logger), createErrorMappingInterceptor(logger), ...(options.auth ? [options.auth] : [])],
    shutdownSignal: shutdownController.signal,
    contextValues: callContextFromRequest,
  });

  const connections = new Map<Socket, ConnectionState>();
  const sessions = new Set<ServerHttp2Session>();
  let closing: Promise<void> | undefined;

  const http2Server = http2.createServer({}, (req, res) => {
    if (protocolOf(req.headers["content-type"]) === "grpc") rewriteGrpcMessageTrailer(res);
    releaseStalledWritesOnClose(res);
    handler(req, res);
  });
  http2Server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });

  const http1Server = http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const state = connections.get(socket);
    if (closing) {
      refuseWhileClosing(res);
      return;
    }
    if (state) {
      state.active += 1;
      res.once("close", () => {
        state.active -= 1;
        if (closing && state.active === 0) socket.end();
      });
    }
    handler(req, res);
  });

  const tcpServer = net.createServer((socket) => {
    const state: ConnectionState = { version: "pending", active: 0 };
    connections.set(socket, state);
    socket.once("close", () => connections.delete(socket));
    // A reset before the protocol is known must not crash the process; the servers handle later errors.
    socket.on("error", () => undefined);
    dispatchByPreface(socket, { http1: http1Server, http2: http2Server }, (version) => {
      state.version = version;
    });
  });

  await listen(tcpServer, options.port, options.host);
  const port = (tcpServer.address() as AddressInfo).port;
  logger.info({ port, host: options.host ?? null }, "server listening");

  const close = async (graceMs: number): Promise<void> => {
    logger.info({ grace_ms: graceMs }, "server shutting down");
    options.health.shutdown();
    const allClosed = new Promise<void>((resolve) => tcpServer.close(() => resolve()));
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
      shutdownController.abort(new ConnectError("server is shutting down", Code.Unavailable));
      await nextTurn();
      for (const session of sessions) session.destroy();
      for (const socket of connections.keys()) socket.destroy();
      await allClosed;
    }
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
