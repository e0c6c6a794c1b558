/**
 * Serves HTTP/1.1 and cleartext HTTP/2 (h2c, "prior knowledge") on one TCP port. Node's
 * `http2.createServer` cannot fall back to HTTP/1.1 without TLS (allowHTTP1 relies on ALPN), yet
 * Connect and gRPC-Web clients such as `fetch` or `curl` speak HTTP/1.1. So each connection's
 * first bytes are read: the HTTP/2 client preface goes to the HTTP/2 server, anything else to the
 * HTTP/1.1 server. The bytes read are pushed back before the socket is handed over.
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

/**
 * Reads `socket` until its protocol is known, then emits it as a connection of the matching
 * server and reports the choice through `onDispatch`.
 */
export function dispatchByPreface(socket: Socket, servers: HttpServers, onDispatch: (version: HttpVersion) => void): void {
  let received = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    received = Buffer.concat([received, chunk]);
    const compared = Math.min(received.length, HTTP2_PREFACE.length);
    const prefaceSoFar = received.subarray(0, compared).equals(HTTP2_PREFACE.subarray(0, compared));
    if (prefaceSoFar && received.length < HTTP2_PREFACE.length) return;
    socket.off("data", onData);
    socket.pause();
    socket.unshift(received);
    if (prefaceSoFar) {
      // The HTTP/2 session drains the paused socket's buffer itself when it takes the socket over.
      servers.http2.emit("connection", socket);
      onDispatch("http2");
    } else {
      servers.http1.emit("connection", socket);
      socket.resume();
      onDispatch("http1");
    }
  };
  socket.on("data", onData);
}
