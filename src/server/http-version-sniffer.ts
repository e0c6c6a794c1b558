/**
 * Serves HTTP/1.1 and HTTP/2 on one port. Without TLS, Node's `http2.createServer` cannot fall back
 * to HTTP/1.1 (allowHTTP1 relies on ALPN), yet Connect and gRPC-Web clients such as `fetch` or
 * `curl` speak HTTP/1.1. So each connection's first bytes are read: the HTTP/2 client preface
 * ("prior knowledge", h2c) goes to the HTTP/2 server, anything else to the HTTP/1.1 server. Over
 * TLS, ALPN has already chosen: h2 must start with the preface, anything else is HTTP/1.1. The
 * bytes read are pushed back before the socket is handed over.
 *
 * A connection that sends nothing, or only part of the preface, within `timeoutMs` is destroyed:
 * until a server owns it, no other timeout applies to it (Node's HTTP/1.1 header timeout counts
 * from a request's first byte).
 */
import type { Server as Http1Server } from "node:http";
import type { Http2Server } from "node:http2";
import type { Socket } from "node:net";

/** The connection preface every HTTP/2 client sends first (RFC 9113, section 3.4). */
const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/** Which server a connection was handed to. */
export type HttpVersion = "http1" | "http2";

/** The two servers a connection can be handed to. */
export interface HttpServers {
  readonly http1: Http1Server;
  readonly http2: Http2Server;
}

/** How the protocol of a connection is decided. */
export type ProtocolChoice =
  /** Cleartext: by the first bytes. */
  | "sniff"
  /** TLS with ALPN h2: HTTP/2, and the preface must come. */
  | "http2"
  /** TLS with ALPN http/1.1 or none: HTTP/1.1. */
  | "http1";

/** Settings of one dispatch. */
export interface DispatchOptions {
  readonly choice: ProtocolChoice;
  /** How long the first bytes (the whole HTTP/2 preface) may take. */
  readonly timeoutMs: number;
  /** Reports the server the connection was handed to. */
  readonly onDispatch: (version: HttpVersion) => void;
  /** Reports why a connection was destroyed before it was handed over. */
  readonly onRefused?: (reason: "timeout" | "not_http2") => void;
}

/**
 * Reads `socket` until its protocol is known, then emits it as a connection of the matching
 * server and reports the choice through `onDispatch`.
 */
export function dispatchByPreface(socket: Socket, servers: HttpServers, options: DispatchOptions): void {
  let received: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => refuse("timeout"), options.timeoutMs);
  const stop = (): void => {
    clearTimeout(timer);
    socket.off("data", onData);
    socket.off("close", stop);
  };
  const refuse = (reason: "timeout" | "not_http2"): void => {
    stop();
    options.onRefused?.(reason);
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const compared = Math.min(received.length, HTTP2_PREFACE.length);
    const prefaceSoFar = received.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
    const version = versionOf(options.choice, prefaceSoFar, received.length >= HTTP2_PREFACE.length);
    if (version === "pending") return;
    if (version === "refuse") {
      refuse("not_http2");
      return;
    }
    stop();
    socket.pause();
    socket.unshift(received);
    if (version === "http2") {
      // The HTTP/2 session drains the paused socket's buffer itself when it takes the socket over.
      servers.http2.emit("connection", socket);
    } else {
      servers.http1.emit("connection", socket);
      socket.resume();
    }
    options.onDispatch(version);
  };
  socket.on("data", onData);
  socket.on("close", stop);
}

function versionOf(choice: ProtocolChoice, prefaceSoFar: boolean, complete: boolean): HttpVersion | "pending" | "refuse" {
  switch (choice) {
    case "http1":
      return "http1";
    case "http2":
      if (!prefaceSoFar) return "refuse";
      return complete ? "http2" : "pending";
    case "sniff":
      if (!prefaceSoFar) return "http1";
      return complete ? "http2" : "pending";
  }
}
