/**
 * Unary gRPC calls served without connect's streaming pipeline (src/server/unary-fast-path/)
 * must be indistinguishable from connect's own handling: the same request bytes sent to a server
 * with the direct path and to one without get the same status, headers, body, trailers and log
 * line, for answers, errors, deadlines and every malformed request handed back to connect, and
 * for calls that end early: client resets (before, during and after the message, while the
 * handler runs) and server shutdown with a call in flight.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import { compressionGzip } from "@connectrpc/connect-node";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health, HealthCheckRequestSchema, HealthCheckResponseSchema } from "../../gen/grpc/health/v1/health_pb.js";
import { GetSegmentRequestSchema } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { createRpcRequestHandler } from "../../src/server/unary-fast-path/rpc-request-handler.js";
import { createLogger } from "../../src/server/logger.js";
import { eventually, startTestServer, type LogLine, type TestServer } from "./harness.js";

const LIMIT = 1024;
const CHECK = "/grpc.health.v1.Health/Check";
const GET_SEGMENT = "/kontorion.segments.v1.SegmentService/GetSegment";
const LIST_MEMBERS = "/kontorion.segments.v1.SegmentService/ListMembers";

/** What a raw HTTP/2 client sees of a response. */
interface RawResponse {
  readonly headers: Record<string, unknown>;
  readonly body: string;
  readonly trailers: Record<string, unknown>;
}

/** Sends `body` (already framed) to `path` with gRPC headers plus `extra`. */
async function rawCall(port: number, path: string, body: Buffer, extra: Record<string, string> = {}): Promise<RawResponse> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  try {
    return await new Promise<RawResponse>((resolve, reject) => {
      const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers", ...extra });
      let headers: Record<string, unknown> = {};
      let trailers: Record<string, unknown> = {};
      const chunks: Buffer[] = [];
      stream.on("response", (h) => (headers = withoutDate(h)));
      stream.on("trailers", (t) => (trailers = withoutDate(t)));
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", reject);
      stream.on("close", () => resolve({ headers, body: Buffer.concat(chunks).toString("hex"), trailers }));
      stream.end(body);
    });
  } finally {
    session.close();
  }
}

function withoutDate(h: Record<string, unknown>): Record<string, unknown> {
  const { date: _date, ...rest } = h;
  return rest;
}

/**
 * One gRPC message: flag byte, big-endian length, bytes. Deliberately independent of the server's
 * src/server/unary-fast-path/grpc-length-prefix.ts: this client frames what it wants, including
 * wrong flags and lying lengths, and must not share a bug with the code under test.
 */
function frame(message: Uint8Array, flag = 0, declaredLength = message.length): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = flag;
  prefix.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([prefix, message]);
}

const check = (service: string): Uint8Array => toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service }));
const getSegment = (id: string): Uint8Array => toBinary(GetSegmentRequestSchema, create(GetSegmentRequestSchema, { id }));

/** A request sent to both servers. */
interface Case {
  readonly name: string;
  readonly path: string;
  readonly body: Buffer;
  readonly headers?: Record<string, string>;
}

const CASES: readonly Case[] = [
  { name: "an answer", path: CHECK, body: frame(check("")) },
  { name: "a handler's ConnectError with characters to escape", path: CHECK, body: frame(check("nö such: service/x")) },
  { name: "a UserError mapped by the interceptor", path: GET_SEGMENT, body: frame(getSegment("user-error")) },
  { name: "an internal error", path: GET_SEGMENT, body: frame(getSegment("plain-error")) },
  { name: "a deadline that passes while the handler runs", path: GET_SEGMENT, body: frame(getSegment("slow")), headers: { "grpc-timeout": "50m" } },
  { name: "an explicit identity encoding", path: CHECK, body: frame(check("")), headers: { "grpc-encoding": "identity" } },
  { name: "a +proto content type", path: CHECK, body: frame(check("")), headers: { "content-type": "application/grpc+proto" } },
  { name: "a message over the size limit", path: CHECK, body: frame(check("x".repeat(LIMIT * 2))) },
  { name: "a message exactly at the size limit", path: CHECK, body: frame(new Uint8Array(LIMIT)) },
  { name: "a truncated message", path: CHECK, body: frame(check("abc")).subarray(0, 6) },
  { name: "a prefix promising more than is sent", path: CHECK, body: frame(check("abc"), 0, 40) },
  { name: "no message", path: CHECK, body: Buffer.alloc(0) },
  { name: "two messages", path: CHECK, body: Buffer.concat([frame(check("")), frame(check(""))]) },
  { name: "a compressed flag without an encoding", path: CHECK, body: frame(check(""), 1) },
  { name: "bytes that are no message", path: CHECK, body: frame(Buffer.from([0xff, 0xff, 0xff])) },
  { name: "an unknown encoding", path: CHECK, body: frame(check("")), headers: { "grpc-encoding": "gzip" } },
  { name: "an invalid grpc-timeout", path: CHECK, body: frame(check("")), headers: { "grpc-timeout": "soon" } },
  { name: "a JSON gRPC message", path: CHECK, body: frame(Buffer.from("{}")), headers: { "content-type": "application/grpc+json" } },
  { name: "a server-streaming method", path: LIST_MEMBERS, body: frame(new Uint8Array(0)) },
  { name: "a unary method the service does not implement", path: "/kontorion.segments.v1.SegmentService/IsMember", body: frame(new Uint8Array(0)) },
  { name: "an unknown method", path: "/grpc.health.v1.Health/Nope", body: frame(check("")) },
];

describe("unary gRPC calls served directly", () => {
  let direct: TestServer;
  let viaConnect: TestServer;

  beforeAll(async () => {
    direct = await startTestServer({ maxRequestBytes: LIMIT });
    viaConnect = await startTestServer({ maxRequestBytes: LIMIT, unaryFastPath: false });
  });

  afterAll(async () => {
    await Promise.all([direct.close(100), viaConnect.close(100)]);
  });

  const rpcLines = (srv: TestServer): LogLine[] => srv.logs.filter((l) => l.msg === "rpc");
  const comparable = (lines: LogLine[]) => lines.map(({ method, code, protocol }) => ({ method, code, protocol }));

  it.each(CASES)("$name: same response and log line as connect's handler", async ({ path, body, headers }) => {
    const logsBefore = [rpcLines(direct).length, rpcLines(viaConnect).length] as const;
    const [fromDirect, fromConnect] = await Promise.all([rawCall(direct.port, path, body, headers), rawCall(viaConnect.port, path, body, headers)]);
    expect(fromDirect).toEqual(fromConnect);
    await eventually(() => rpcLines(direct).length - logsBefore[0] === rpcLines(viaConnect).length - logsBefore[1]);
    expect(comparable(rpcLines(direct).slice(logsBefore[0]))).toEqual(comparable(rpcLines(viaConnect).slice(logsBefore[1])));
  });

  it("answers a plain call with the message, grpc-status 0 and one log line", async () => {
    const before = rpcLines(direct).length;
    const res = await rawCall(direct.port, CHECK, frame(check("")));
    const expected = toBinary(HealthCheckResponseSchema, create(HealthCheckResponseSchema, { status: 1 }));
    expect(res).toMatchObject({ headers: { ":status": 200, "content-type": "application/grpc+proto" }, trailers: { "grpc-status": "0" } });
    expect(res.body).toBe(frame(expected).toString("hex"));
    await eventually(() => rpcLines(direct).length > before);
    expect(rpcLines(direct).slice(before)).toMatchObject([{ method: CHECK, code: "ok", protocol: "grpc" }]);
  });
});

describe("the direct path", () => {
  /** Serves Health whose Check records the stack it was called from. */
  async function serve(options: { unaryFastPath: boolean; serviceOptions?: { readMaxBytes: number }; acceptCompression?: [] | [typeof compressionGzip] }) {
    const stacks: string[] = [];
    const routes = (router: ConnectRouter): void => {
      const impl = {
        check() {
          stacks.push(new Error("where").stack ?? "");
          return create(HealthCheckResponseSchema, { status: 1 });
        },
      };
      if (options.serviceOptions) router.service(Health, impl, options.serviceOptions);
      else router.service(Health, impl);
    };
    const handler = createRpcRequestHandler({
      routes,
      logger: createLogger("silent"),
      unaryFastPath: options.unaryFastPath,
      ...(options.acceptCompression ? { acceptCompression: options.acceptCompression } : {}),
    });
    const server = http2.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, stacks, close: () => new Promise((r) => server.close(r)) };
  }

  it.each([
    ["unaryFastPath on", true, { unaryFastPath: true }],
    ["unaryFastPath off", false, { unaryFastPath: false }],
    ["a service registered with options of its own", false, { unaryFastPath: true, serviceOptions: { readMaxBytes: 4096 } }],
    ["response compression configured", false, { unaryFastPath: true, acceptCompression: [compressionGzip] as [typeof compressionGzip] }],
  ] as const)("%s: a plain unary call skips connect's pipeline: %s", async (_name, skipsPipeline, options) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    const srv = await serve(options);
    try {
      await rawCall(srv.port, CHECK, frame(check("")));
      expect(srv.stacks).toHaveLength(1);
      expect(srv.stacks[0]?.includes("serveUnaryCall")).toBe(skipsPipeline);
    } finally {
      Error.stackTraceLimit = limit;
      await srv.close();
    }
  });
});

/** What a raw HTTP/2 client sees of a call that may end abnormally. */
interface Exchange extends RawResponse {
  /** RST_STREAM code of the stream as the client saw it close (0 when it closed cleanly). */
  readonly rstCode: number | undefined;
  /** Code of the error the client's stream emitted, if any. */
  readonly error: string | undefined;
}

/** Opens a gRPC stream to `path`, lets `drive` write to it (and reset it), and records the outcome. */
async function exchange(port: number, path: string, drive: (stream: http2.ClientHttp2Stream) => Promise<void> | void): Promise<Exchange> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  session.on("error", () => undefined);
  try {
    return await new Promise<Exchange>((resolve) => {
      const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" }, { endStream: false });
      let headers: Record<string, unknown> = {};
      let trailers: Record<string, unknown> = {};
      let error: string | undefined;
      const chunks: Buffer[] = [];
      stream.on("response", (h) => (headers = withoutDate(h)));
      stream.on("trailers", (t) => (trailers = withoutDate(t)));
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
      stream.on("close", () => resolve({ headers, body: Buffer.concat(chunks).toString("hex"), trailers, rstCode: stream.rstCode, error }));
      void drive(stream);
    });
  } finally {
    session.close();
  }
}

/** Every log line after `from`, without what differs between any two runs (time, pid, duration). */
function comparableLogs(srv: TestServer, from: number): Record<string, unknown>[] {
  return srv.logs.slice(from).map(({ level, msg, method, code, protocol, err }) => ({
    level,
    msg,
    method,
    code,
    protocol,
    err: (err as { message?: string } | undefined)?.message,
  }));
}

/** Waits until neither server has logged anything new for a while. */
async function logsSettled(...servers: TestServer[]): Promise<void> {
  let counts = servers.map((s) => s.logs.length).join();
  for (;;) {
    await sleep(150);
    const now = servers.map((s) => s.logs.length).join();
    if (now === counts) return;
    counts = now;
  }
}

const { NGHTTP2_CANCEL, NGHTTP2_ENHANCE_YOUR_CALM, NGHTTP2_INTERNAL_ERROR, NGHTTP2_REFUSED_STREAM } = http2.constants;

/** Ways a client ends a call early, each sent the same way to both servers. */
const RESETS: readonly { readonly name: string; readonly path: string; readonly drive: (stream: http2.ClientHttp2Stream) => Promise<void> }[] = [
  {
    name: "RST_STREAM CANCEL right after the headers",
    path: CHECK,
    drive: async (stream) => {
      await sleep(30);
      stream.close(NGHTTP2_CANCEL);
    },
  },
  {
    name: "RST_STREAM INTERNAL_ERROR in the middle of the message",
    path: CHECK,
    drive: async (stream) => {
      stream.write(frame(check("half a message")).subarray(0, 9));
      await sleep(30);
      stream.close(NGHTTP2_INTERNAL_ERROR);
    },
  },
  {
    name: "RST_STREAM REFUSED_STREAM after the whole message, before the end of the stream",
    path: CHECK,
    drive: async (stream) => {
      stream.write(frame(check("")));
      await sleep(30);
      stream.close(NGHTTP2_REFUSED_STREAM);
    },
  },
  {
    name: "cancellation (RST_STREAM CANCEL) while the handler runs",
    path: GET_SEGMENT,
    drive: async (stream) => {
      stream.end(frame(getSegment("until-aborted")));
      await sleep(50);
      stream.close(NGHTTP2_CANCEL);
    },
  },
  {
    name: "RST_STREAM ENHANCE_YOUR_CALM while the handler runs (its own code for the handler)",
    path: GET_SEGMENT,
    drive: async (stream) => {
      stream.end(frame(getSegment("until-aborted")));
      await sleep(50);
      stream.close(NGHTTP2_ENHANCE_YOUR_CALM);
    },
  },
  {
    name: "a reset with an unknown code while the handler runs",
    path: GET_SEGMENT,
    drive: async (stream) => {
      stream.end(frame(getSegment("until-aborted")));
      await sleep(50);
      stream.close(0x42);
    },
  },
];

describe("calls ended early, with and without the fast path", () => {
  let fast: TestServer;
  let viaConnect: TestServer;

  beforeAll(async () => {
    fast = await startTestServer({ maxRequestBytes: LIMIT });
    viaConnect = await startTestServer({ maxRequestBytes: LIMIT, unaryFastPath: false });
  });

  afterAll(async () => {
    await Promise.all([fast.close(100), viaConnect.close(100)]);
  });

  it.each(RESETS)("$name: the client sees the same and both servers log the same", async ({ path, drive }) => {
    const before = [fast.logs.length, viaConnect.logs.length] as const;
    const [fromFast, fromConnect] = await Promise.all([exchange(fast.port, path, drive), exchange(viaConnect.port, path, drive)]);
    expect(fromFast).toEqual(fromConnect);
    await logsSettled(fast, viaConnect);
    expect(comparableLogs(fast, before[0])).toEqual(comparableLogs(viaConnect, before[1]));
  });

  it.each([
    ["CANCEL", NGHTTP2_CANCEL, "canceled"],
    ["ENHANCE_YOUR_CALM", NGHTTP2_ENHANCE_YOUR_CALM, "resource_exhausted"],
  ] as const)("a client reset with %s while the handler runs aborts it with code %s", async (_name, rstCode, code) => {
    const before = fast.logs.length;
    const seen = await exchange(fast.port, GET_SEGMENT, async (stream) => {
      stream.end(frame(getSegment("until-aborted")));
      await sleep(50);
      stream.close(rstCode);
    });
    expect(seen.rstCode).toBe(rstCode);
    await eventually(() => fast.logs.length > before);
    expect(comparableLogs(fast, before)).toMatchObject([{ msg: "rpc", method: GET_SEGMENT, code }]);
  });
});

describe("server shutdown with a call in flight, with and without the fast path", () => {
  /** Starts a call, closes the server with `graceMs` while the call runs; what the client saw and all logs. */
  async function shutdownDuring(unaryFastPath: boolean, id: string, graceMs: number) {
    const srv = await startTestServer({ maxRequestBytes: LIMIT, unaryFastPath });
    const before = srv.logs.length;
    let closed: Promise<void> | undefined;
    const seen = await exchange(srv.port, GET_SEGMENT, async (stream) => {
      stream.end(frame(getSegment(id)));
      await sleep(50);
      closed = srv.close(graceMs);
    });
    await closed;
    await logsSettled(srv);
    return { seen, logs: comparableLogs(srv, before) };
  }

  it.each([
    ["a call that ignores the abort and finishes after the grace period", "slow", 50],
    ["a call that fails with the shutdown's reason after the grace period", "until-aborted", 50],
    ["a call that finishes within the grace period", "slow", 2000],
  ] as const)("%s: the client sees the same and the server logs the same", async (_name, id, graceMs) => {
    const [fast, viaConnect] = await Promise.all([shutdownDuring(true, id, graceMs), shutdownDuring(false, id, graceMs)]);
    expect(fast.seen).toEqual(viaConnect.seen);
    expect(fast.logs).toEqual(viaConnect.logs);
  });
});
