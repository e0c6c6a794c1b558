/**
 * Connections cannot be held open for nothing (issue 10, item 1.8): silent, half-open and slow
 * connections are closed after their timeout, idle HTTP/2 connections get GOAWAY, a stream in
 * progress keeps its connection however quiet, and the stream and connection caps hold. Driven with
 * raw sockets (node:net, node:tls) and raw HTTP/2 frames; the timeouts are set small.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import http2 from "node:http2";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { ListMembersRequestSchema } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { ConnectionLimits } from "../../src/server/connection-limits.js";
import { makeTestCertificates } from "../support/test-certificates.js";
import { startTestServer, type TestServer } from "./harness.js";

const PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
let srv: TestServer | undefined;

afterEach(async () => {
  await srv?.close(200);
  srv = undefined;
});

async function serve(connections: Partial<ConnectionLimits>, tlsOn = false): Promise<TestServer> {
  const certs = tlsOn ? makeTestCertificates() : undefined;
  srv = await startTestServer({ connections, ...(certs ? { tls: { cert: certs.server.cert, key: certs.server.key } } : {}) });
  return srv;
}

/** A raw TCP connection that records what it receives and when it was closed. */
interface RawConnection {
  readonly socket: net.Socket;
  readonly received: () => Buffer;
  /** Resolves with the ms from connecting until the server closed the connection. */
  readonly closed: Promise<number>;
}

async function rawConnect(port: number, secure?: { alpn: string[] }): Promise<RawConnection> {
  const started = Date.now();
  const socket = secure ? tls.connect({ port, host: "127.0.0.1", rejectUnauthorized: false, ALPNProtocols: secure.alpn }) : net.connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.on("error", () => undefined);
  const closed = new Promise<number>((resolve) => socket.once("close", () => resolve(Date.now() - started)));
  await new Promise<void>((resolve, reject) => {
    socket.once(secure ? "secureConnect" : "connect", () => resolve());
    socket.once("close", () => reject(new Error("closed before connecting")));
  });
  return { socket, received: () => Buffer.concat(chunks), closed };
}

describe("connections that send nothing or only part of a request", () => {
  it("closes a silent connection after CONNECTION_TIMEOUT_MS", async () => {
    const { port } = await serve({ connectionTimeoutMs: 300 });
    const conn = await rawConnect(port);
    const closedAfter = await conn.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(280);
    expect(closedAfter).toBeLessThan(2000);
  });

  it("closes a connection that sends only part of the HTTP/2 preface", async () => {
    const { port } = await serve({ connectionTimeoutMs: 300 });
    const conn = await rawConnect(port);
    conn.socket.write(PREFACE.slice(0, 16));
    const closedAfter = await conn.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(280);
    expect(closedAfter).toBeLessThan(2000);
  });

  it("answers 408 and closes an HTTP/1.1 request whose headers never end, after HEADERS_TIMEOUT_MS", async () => {
    const { port } = await serve({ connectionTimeoutMs: 5000, headersTimeoutMs: 300 });
    const conn = await rawConnect(port);
    conn.socket.write("POST /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n");
    const closedAfter = await conn.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(280);
    expect(closedAfter).toBeLessThan(2000);
    expect(conn.received().toString("latin1")).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes an HTTP/1.1 request whose body stops coming, after REQUEST_TIMEOUT_MS", async () => {
    const { port } = await serve({ connectionTimeoutMs: 5000, headersTimeoutMs: 200, requestTimeoutMs: 500 });
    const conn = await rawConnect(port);
    conn.socket.write("POST /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    const closedAfter = await conn.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(480);
    expect(closedAfter).toBeLessThan(2500);
  });

  it("closes an idle HTTP/1.1 keep-alive connection after KEEP_ALIVE_TIMEOUT_MS, answering the request first", async () => {
    const { port } = await serve({ keepAliveTimeoutMs: 300 });
    const conn = await rawConnect(port);
    conn.socket.write("POST /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    const closedAfter = await conn.closed;
    expect(conn.received().toString("latin1")).toMatch(/^HTTP\/1\.1 200 [\s\S]*"status":"SERVING"/);
    expect(closedAfter).toBeGreaterThanOrEqual(280);
    expect(closedAfter).toBeLessThan(2000);
  });

  it("over TLS: closes a connection that never handshakes, and one that handshakes and then sends nothing", async () => {
    const { port } = await serve({ connectionTimeoutMs: 300 }, true);
    const tcp = await rawConnect(port);
    const secure = await rawConnect(port, { alpn: ["h2"] });
    for (const closedAfter of await Promise.all([tcp.closed, secure.closed])) {
      expect(closedAfter).toBeGreaterThanOrEqual(280);
      expect(closedAfter).toBeLessThan(2000);
    }
  });

  it("keeps a connection that sends its preface in time", async () => {
    const { port } = await serve({ connectionTimeoutMs: 300 });
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", () => undefined);
    await new Promise((resolve) => session.once("connect", resolve));
    await sleep(700);
    expect(session.closed || session.destroyed).toBe(false);
    session.close();
  });
});

describe("the issue's 900 connections", () => {
  it("closes 300 silent, 300 partial-preface and 300 partial-header connections, and keeps serving", async () => {
    const { port } = await serve({ connectionTimeoutMs: 500, headersTimeoutMs: 500 });
    const kinds = ["", PREFACE.slice(0, 10), "POST /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: x\r\n"];
    const conns = await Promise.all(
      Array.from({ length: 900 }, async (_, i) => {
        const conn = await rawConnect(port);
        const bytes = kinds[i % 3]!;
        if (bytes) conn.socket.write(bytes);
        return conn;
      }),
    );
    const closedAfter = await Promise.all(conns.map((c) => c.closed));
    expect(Math.max(...closedAfter)).toBeLessThan(5000);
    const res = await fetch(`http://127.0.0.1:${port}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await res.json()).toEqual({ status: "SERVING" });
  }, 20_000);
});

describe("HTTP/2 idle connections", () => {
  it("sends GOAWAY and closes a connection without streams after HTTP2_IDLE_TIMEOUT_MS", async () => {
    const { port } = await serve({ http2IdleTimeoutMs: 300 });
    const started = Date.now();
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", () => undefined);
    const goaway = new Promise<number>((resolve) => session.once("goaway", (code: number) => resolve(code)));
    const closed = new Promise<number>((resolve) => session.once("close", () => resolve(Date.now() - started)));
    expect(await goaway).toBe(http2.constants.NGHTTP2_NO_ERROR);
    const closedAfter = await closed;
    expect(closedAfter).toBeGreaterThanOrEqual(280);
    expect(closedAfter).toBeLessThan(2000);
  });

  it("closes a connection whose request headers never end (HEADERS without END_HEADERS, no CONTINUATION)", async () => {
    const { port } = await serve({ http2IdleTimeoutMs: 300, connectionTimeoutMs: 300 });
    const conn = await rawConnect(port);
    conn.socket.write(PREFACE);
    conn.socket.write(frameBytes(FRAME.SETTINGS, 0, 0, Buffer.alloc(0)));
    conn.socket.write(frameBytes(FRAME.HEADERS, 0, 1, grpcRequestHeaders("/grpc.health.v1.Health/Check")));
    const closedAfter = await conn.closed;
    expect(readFrames(conn.received()).some((f) => f.type === FRAME.GOAWAY)).toBe(true);
    // GOAWAY after the idle timeout, then the grace after it.
    expect(closedAfter).toBeGreaterThanOrEqual(560);
    expect(closedAfter).toBeLessThan(2500);
  });

  it("does not cut a quiet stream in progress, and closes the connection once it is idle", async () => {
    const { port } = await serve({ http2IdleTimeoutMs: 300, connectionTimeoutMs: 300 });
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", () => undefined);
    const sessionClosed = new Promise<void>((resolve) => session.once("close", () => resolve()));
    const stream = session.request({
      ":method": "POST",
      ":path": "/kontorion.segments.v1.SegmentService/ListMembers",
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => undefined);
    const message = toBinary(ListMembersRequestSchema, create(ListMembersRequestSchema, { cursor: "until-cancelled" }));
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    stream.end(frame);
    let received = 0;
    stream.on("data", (chunk: Buffer) => (received += chunk.length));
    // The stub sends one batch and then nothing until cancelled: many idle periods pass.
    await sleep(1500);
    expect(received).toBeGreaterThan(0);
    expect(stream.closed).toBe(false);
    expect(session.closed || session.destroyed).toBe(false);
    const cancelledAt = Date.now();
    stream.close(http2.constants.NGHTTP2_CANCEL);
    await sessionClosed;
    const closedAfter = Date.now() - cancelledAt;
    expect(closedAfter).toBeGreaterThanOrEqual(250);
    expect(closedAfter).toBeLessThan(2000);
  });
});

describe("HTTP/2 concurrent streams", () => {
  it("advertises HTTP2_MAX_CONCURRENT_STREAMS", async () => {
    const { port } = await serve({ http2MaxConcurrentStreams: 2 });
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", () => undefined);
    await new Promise((resolve) => session.once("remoteSettings", resolve));
    expect(session.remoteSettings.maxConcurrentStreams).toBe(2);
    session.close();
  });

  /** Preface and SETTINGS exchanged; the server's SETTINGS acknowledged only when `ack`. */
  async function rawHttp2(port: number, ack: boolean): Promise<RawConnection> {
    const conn = await rawConnect(port);
    conn.socket.write(PREFACE);
    conn.socket.write(frameBytes(FRAME.SETTINGS, 0, 0, Buffer.alloc(0)));
    const serverSettings = await untilFrame(conn, (f) => f.type === FRAME.SETTINGS && (f.flags & 1) === 0);
    expect(settingValue(serverSettings.payload, 0x3)).toBe(2);
    if (ack) conn.socket.write(frameBytes(FRAME.SETTINGS, 1, 0, Buffer.alloc(0)));
    await untilFrame(conn, (f) => f.type === FRAME.SETTINGS && (f.flags & 1) === 1);
    await sleep(20);
    for (const streamId of [1, 3, 5]) {
      // HEADERS with END_HEADERS and no END_STREAM: each stream stays open, waiting for its request.
      conn.socket.write(frameBytes(FRAME.HEADERS, 0x4, streamId, grpcRequestHeaders("/kontorion.segments.v1.SegmentService/ListMembers")));
    }
    return conn;
  }

  it("refuses a stream beyond the cap with REFUSED_STREAM (client that has not acknowledged the cap yet)", async () => {
    const { port } = await serve({ http2MaxConcurrentStreams: 2 });
    const conn = await rawHttp2(port, false);
    const reset = await untilFrame(conn, (f) => f.type === FRAME.RST_STREAM);
    expect(reset.streamId).toBe(5);
    expect(reset.payload.readUInt32BE(0)).toBe(http2.constants.NGHTTP2_REFUSED_STREAM);
    await sleep(100);
    expect(readFrames(conn.received()).filter((f) => f.type === FRAME.RST_STREAM || f.type === FRAME.GOAWAY).map((f) => [f.type, f.streamId])).toEqual([[FRAME.RST_STREAM, 5]]);
    expect(conn.socket.destroyed).toBe(false);
    conn.socket.destroy();
  });

  it("closes the connection of a client that exceeds the cap it acknowledged, without processing the extra stream", async () => {
    const { port } = await serve({ http2MaxConcurrentStreams: 2 });
    const conn = await rawHttp2(port, true);
    const goaway = await untilFrame(conn, (f) => f.type === FRAME.GOAWAY);
    expect(goaway.payload.readUInt32BE(0) & 0x7fffffff).toBe(3);
    await conn.closed;
    const res = await fetch(`http://127.0.0.1:${port}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await res.json()).toEqual({ status: "SERVING" });
  });
});

describe("open connections", () => {
  it("closes connections beyond MAX_CONNECTIONS at once and serves again when some close", async () => {
    const { port } = await serve({ maxConnections: 3, connectionTimeoutMs: 10_000 });
    const held = await Promise.all([rawConnect(port), rawConnect(port), rawConnect(port)]);
    const extra = net.connect(port, "127.0.0.1");
    extra.on("error", () => undefined);
    const started = Date.now();
    await new Promise((resolve) => extra.once("close", resolve));
    expect(Date.now() - started).toBeLessThan(1000);
    for (const conn of held) expect(conn.socket.destroyed).toBe(false);
    for (const conn of held) conn.socket.destroy();
    await sleep(100);
    const res = await fetch(`http://127.0.0.1:${port}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await res.json()).toEqual({ status: "SERVING" });
  });
});

const FRAME = { DATA: 0x0, HEADERS: 0x1, RST_STREAM: 0x3, SETTINGS: 0x4, GOAWAY: 0x7 } as const;

interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Buffer;
}

function frameBytes(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Buffer.concat([header, payload]);
}

function readFrames(bytes: Buffer): Frame[] {
  const frames: Frame[] = [];
  let at = 0;
  while (at + 9 <= bytes.length) {
    const length = bytes.readUIntBE(at, 3);
    if (at + 9 + length > bytes.length) break;
    frames.push({ type: bytes[at + 3]!, flags: bytes[at + 4]!, streamId: bytes.readUInt32BE(at + 5) & 0x7fffffff, payload: bytes.subarray(at + 9, at + 9 + length) });
    at += 9 + length;
  }
  return frames;
}

async function untilFrame(conn: RawConnection, match: (frame: Frame) => boolean): Promise<Frame> {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    const found = readFrames(conn.received()).find(match);
    if (found) return found;
    await sleep(10);
  }
  throw new Error("expected frame not received");
}

function settingValue(payload: Buffer, id: number): number | undefined {
  for (let at = 0; at + 6 <= payload.length; at += 6) if (payload.readUInt16BE(at) === id) return payload.readUInt32BE(at + 2);
  return undefined;
}

/** HPACK: every header as a literal without indexing, new name, no Huffman (RFC 7541, 6.2.2). */
function grpcRequestHeaders(path: string): Buffer {
  const headers: [string, string][] = [
    [":method", "POST"],
    [":scheme", "http"],
    [":path", path],
    [":authority", "localhost"],
    ["content-type", "application/grpc"],
    ["te", "trailers"],
  ];
  return Buffer.concat(headers.map(([name, value]) => Buffer.concat([Buffer.from([0x00, name.length]), Buffer.from(name), Buffer.from([value.length]), Buffer.from(value)])));
}
