/**
 * Unary gRPC calls served without connect's streaming pipeline (src/server/rpc-request-handler.ts)
 * must be indistinguishable from connect's own handling: the same request bytes sent to a server
 * with the direct path and to one without get the same status, headers, body, trailers and log
 * line, for answers, errors, deadlines and every malformed request handed back to connect.
 */
import { create, toBinary } from "@bufbuild/protobuf";
import { createHandlerContext, type ConnectRouter } from "@connectrpc/connect";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health, HealthCheckRequestSchema, HealthCheckResponseSchema } from "../../gen/grpc/health/v1/health_pb.js";
import { GetSegmentRequestSchema } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { createRpcRequestHandler } from "../../src/server/rpc-request-handler.js";
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

/** One gRPC message: flag byte, big-endian length, bytes. */
function frame(message: Uint8Array, flag = 0, declaredLength = message.length): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = flag;
  prefix.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([prefix, message]);
}

const check = (service: string): Uint8Array => toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, { service }));
const getSegment = (id: string): Uint8Array => toBinary(GetSegmentRequestSchema, create(GetSegmentRequestSchema, { id }));

const CASES: ReadonlyArray<readonly [string, string, Buffer, Record<string, string>?]> = [
  ["an answer", CHECK, frame(check(""))],
  ["a handler's ConnectError with characters to escape", CHECK, frame(check("nö such: service/x"))],
  ["a UserError mapped by the interceptor", GET_SEGMENT, frame(getSegment("user-error"))],
  ["an internal error", GET_SEGMENT, frame(getSegment("plain-error"))],
  ["a deadline that passes while the handler runs", GET_SEGMENT, frame(getSegment("slow")), { "grpc-timeout": "50m" }],
  ["an explicit identity encoding", CHECK, frame(check("")), { "grpc-encoding": "identity" }],
  ["a +proto content type", CHECK, frame(check("")), { "content-type": "application/grpc+proto" }],
  ["a message over the size limit", CHECK, frame(check("x".repeat(LIMIT * 2)))],
  ["a message exactly at the size limit", CHECK, frame(new Uint8Array(LIMIT))],
  ["a truncated message", CHECK, frame(check("abc")).subarray(0, 6)],
  ["a prefix promising more than is sent", CHECK, frame(check("abc"), 0, 40)],
  ["no message", CHECK, Buffer.alloc(0)],
  ["two messages", CHECK, Buffer.concat([frame(check("")), frame(check(""))])],
  ["a compressed flag without an encoding", CHECK, frame(check(""), 1)],
  ["bytes that are no message", CHECK, frame(Buffer.from([0xff, 0xff, 0xff]))],
  ["an unknown encoding", CHECK, frame(check("")), { "grpc-encoding": "gzip" }],
  ["an invalid grpc-timeout", CHECK, frame(check("")), { "grpc-timeout": "soon" }],
  ["a JSON gRPC message", CHECK, frame(Buffer.from("{}")), { "content-type": "application/grpc+json" }],
  ["a server-streaming method", LIST_MEMBERS, frame(new Uint8Array(0))],
  ["an unknown method", "/grpc.health.v1.Health/Nope", frame(check(""))],
];

describe("unary gRPC calls served directly", () => {
  let direct: TestServer;
  let viaConnect: TestServer;

  beforeAll(async () => {
    direct = await startTestServer({ maxRequestBytes: LIMIT });
    viaConnect = await startTestServer({ maxRequestBytes: LIMIT, directUnaryGrpc: false });
  });

  afterAll(async () => {
    await Promise.all([direct.close(100), viaConnect.close(100)]);
  });

  const rpcLines = (srv: TestServer): LogLine[] => srv.logs.filter((l) => l.msg === "rpc");
  const comparable = (lines: LogLine[]) => lines.map(({ method, code, protocol }) => ({ method, code, protocol }));

  it.each(CASES)("%s: same response and log line as connect's handler", async (_name, path, body, extra) => {
    const logsBefore = [rpcLines(direct).length, rpcLines(viaConnect).length] as const;
    const [fromDirect, fromConnect] = await Promise.all([rawCall(direct.port, path, body, extra), rawCall(viaConnect.port, path, body, extra)]);
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
  async function serve(directUnaryGrpc: boolean) {
    const stacks: string[] = [];
    const routes = (router: ConnectRouter): void => {
      router.service(Health, {
        check() {
          stacks.push(new Error("where").stack ?? "");
          return create(HealthCheckResponseSchema, { status: 1 });
        },
      });
    };
    const handler = createRpcRequestHandler({ routes, logger: createLogger("silent"), directUnaryGrpc });
    const server = http2.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { port: (server.address() as AddressInfo).port, stacks, close: () => new Promise((r) => server.close(r)) };
  }

  it.each([
    [true, true],
    [false, false],
  ])("with directUnaryGrpc %s, a plain unary call skips connect's pipeline: %s", async (enabled, skipsPipeline) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 50;
    const srv = await serve(enabled);
    try {
      await rawCall(srv.port, CHECK, frame(check("")));
      expect(srv.stacks).toHaveLength(1);
      expect(srv.stacks[0]?.includes("serveUnaryCall")).toBe(skipsPipeline);
    } finally {
      Error.stackTraceLimit = limit;
      await srv.close();
    }
  });

  it("gives handlers connect's own handler context", () => {
    // The direct path builds the context with connect's createHandlerContext; this pins that the
    // export it relies on still exists in the installed connect version.
    expect(typeof createHandlerContext).toBe("function");
  });
});
