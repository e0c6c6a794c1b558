/**
 * Requests whose message does not decode — truncated or garbage protobuf, invalid UTF-8, a wrong
 * wire type, nesting past the decoder's limit, unknown JSON fields and enum names — answer
 * INVALID_ARGUMENT with reason MALFORMED_REQUEST and the path at fault, on every protocol and on
 * the unary gRPC fast path, and are logged at info at most. Raw HTTP/2 and HTTP/1.1 bytes.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyIs, anyUnpack } from "@bufbuild/protobuf/wkt";
import http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestSchema, ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../gen/google/rpc/status_pb.js";
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { CountMembersRequestSchema } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { startTestServer, type TestServer } from "./harness.js";

const GET_SEGMENT = "/kontorion.segments.v1.SegmentService/GetSegment";
const COUNT_MEMBERS = "/kontorion.segments.v1.SegmentService/CountMembers";
const LIST_MEMBERS = "/kontorion.segments.v1.SegmentService/ListMembers";

interface GrpcOutcome {
  readonly status: string | undefined;
  readonly message: string;
  readonly reason: string | undefined;
  readonly field: string | undefined;
}

/** Decodes grpc-status-details-bin into the reason and the first field violation. */
function detailsOf(bin: unknown): { reason: string | undefined; field: string | undefined } {
  if (typeof bin !== "string") return { reason: undefined, field: undefined };
  const status = fromBinary(StatusSchema, Buffer.from(bin, "base64"));
  let reason: string | undefined;
  let field: string | undefined;
  for (const any of status.details) {
    if (anyIs(any, ErrorInfoSchema)) reason = anyUnpack(any, ErrorInfoSchema)?.reason;
    if (anyIs(any, BadRequestSchema)) field = anyUnpack(any, BadRequestSchema)?.fieldViolations[0]?.field;
  }
  return { reason, field };
}

function frame(message: Uint8Array): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** One gRPC call over a raw HTTP/2 stream; the status comes from headers or trailers. */
async function grpcCall(port: number, path: string, message: Uint8Array, contentType = "application/grpc"): Promise<GrpcOutcome> {
  const session = http2.connect(`http://127.0.0.1:${port}`);
  try {
    return await new Promise<GrpcOutcome>((resolve, reject) => {
      const stream = session.request({ ":method": "POST", ":path": path, "content-type": contentType, te: "trailers" });
      let fields: Record<string, unknown> = {};
      stream.on("response", (h) => (fields = { ...fields, ...h }));
      stream.on("trailers", (t) => (fields = { ...fields, ...t }));
      stream.on("data", () => undefined);
      stream.on("error", reject);
      stream.on("close", () => {
        const raw = fields["grpc-message"];
        resolve({
          status: fields["grpc-status"] as string | undefined,
          message: typeof raw === "string" ? decodeURIComponent(raw) : "",
          ...detailsOf(fields["grpc-status-details-bin"]),
        });
      });
      stream.end(frame(message));
    });
  } finally {
    session.close();
  }
}

/** `and` nested `levels` deep around one condition. */
function nestedAnd(levels: number): Predicate {
  let p = { $typeName: "kontorion.segments.v1.Predicate", node: { case: "condition", value: { $typeName: "kontorion.segments.v1.Condition", field: "country", operator: 1, operand: { case: undefined } } } } as Predicate;
  for (let i = 0; i < levels; i++) {
    p = { $typeName: "kontorion.segments.v1.Predicate", node: { case: "and", value: { $typeName: "kontorion.segments.v1.PredicateList", predicates: [p] } } } as Predicate;
  }
  return p;
}

function nestedNot(levels: number): Predicate {
  let p = nestedAnd(0);
  for (let i = 0; i < levels; i++) p = { $typeName: "kontorion.segments.v1.Predicate", node: { case: "not", value: p } } as Predicate;
  return p;
}

const countMembers = (predicate: Predicate): Uint8Array =>
  toBinary(CountMembersRequestSchema, create(CountMembersRequestSchema, { target: { target: { case: "predicate", value: predicate } } }));

/** GetSegmentRequest with field 1 (id) holding `bytes`. */
const getSegmentWithIdBytes = (bytes: number[]): Uint8Array => Uint8Array.from([0x0a, bytes.length, ...bytes]);

const MALFORMED: readonly (readonly [string, string, Uint8Array, string | undefined])[] = [
  ["truncated: a string announces more bytes than follow", GET_SEGMENT, Uint8Array.from([0x0a, 0x10, 0x61, 0x62]), "id"],
  ["garbage bytes", GET_SEGMENT, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), ""],
  ["invalid UTF-8 in a string", GET_SEGMENT, getSegmentWithIdBytes([0x61, 0xc3, 0x28]), "id"],
  ["a wrong wire type for a message field", COUNT_MEMBERS, Uint8Array.from([0x0a, 0x02, 0x10, 0x05]), "target.predicate"],
  ["60 nested and nodes", COUNT_MEMBERS, countMembers(nestedAnd(60)), `target.predicate${".and[0]".repeat(49)}`],
  ["150 nested not nodes", COUNT_MEMBERS, countMembers(nestedNot(150)), `target.predicate${".not".repeat(98)}`],
  ["a truncated request of a server-streaming method", LIST_MEMBERS, Uint8Array.from([0x12, 0x05, 0x61]), "cursor"],
];

describe.each([true, false])("malformed messages (unary fast path %s)", (unaryFastPath) => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer({ unaryFastPath });
  });
  afterAll(async () => {
    await srv.close(100);
  });

  it.each(MALFORMED)("gRPC: %s is INVALID_ARGUMENT MALFORMED_REQUEST at its path", async (_name, path, message, field) => {
    const outcome = await grpcCall(srv.port, path, message);
    expect(outcome).toMatchObject({ status: "3", reason: "MALFORMED_REQUEST", field });
    expect(outcome.message).toContain("malformed request");
    if (field) expect(outcome.message.startsWith(`${field}: `)).toBe(true);
  });

  it("gRPC-Web and Connect binary answer the same", async () => {
    const message = Uint8Array.from([0x0a, 0x10, 0x61]);
    const web = await fetch(`http://${srv.address}${GET_SEGMENT}`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body: frame(message),
    });
    const body = Buffer.from(await web.arrayBuffer());
    const status = web.headers.get("grpc-status") ?? /grpc-status:\s*(\d+)/.exec(body.toString("latin1"))?.[1];
    expect(status).toBe("3");
    const connect = await fetch(`http://${srv.address}${GET_SEGMENT}`, { method: "POST", headers: { "content-type": "application/proto" }, body: message });
    expect(connect.status).toBe(400);
    const json = (await connect.json()) as { code: string; message: string; details: { type: string; debug: { reason?: string } }[] };
    expect(json.code).toBe("invalid_argument");
    expect(json.message).toMatch(/^id: malformed request: truncated/);
    expect(json.details.find((d) => d.type === "google.rpc.ErrorInfo")?.debug.reason).toBe("MALFORMED_REQUEST");
  });

  it("nothing is logged above info", async () => {
    await grpcCall(srv.port, GET_SEGMENT, Uint8Array.from([0x0a, 0x10]));
    expect(srv.logs.filter((l) => (l.level ?? 0) > 30)).toEqual([]);
    expect(srv.logs.some((l) => l.msg === "malformed request" && l.level === 30)).toBe(true);
  });
});

describe("Connect JSON", () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv.close(100);
  });

  async function post(path: string, body: string): Promise<{ status: number; code: string; message: string; reason?: string; field?: string }> {
    const res = await fetch(`http://${srv.address}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const json = (await res.json()) as { code: string; message: string; details?: { type: string; debug: Record<string, unknown> }[] };
    const info = json.details?.find((d) => d.type === "google.rpc.ErrorInfo")?.debug as { reason?: string } | undefined;
    const bad = json.details?.find((d) => d.type === "google.rpc.BadRequest")?.debug as { fieldViolations?: { field: string }[] } | undefined;
    return { status: res.status, code: json.code, message: json.message, reason: info?.reason, field: bad?.fieldViolations?.[0]?.field };
  }

  const condition = (extra: object): string =>
    JSON.stringify({ target: { predicate: { and: { predicates: [{ condition: { field: "country", value: { stringValue: "DE" }, ...extra } }] } } } });

  it("rejects an unknown enum name, naming it and its path (it was answered 'operator is not set')", async () => {
    const out = await post(COUNT_MEMBERS, condition({ operator: "OPERATOR_EQUALS" }));
    expect(out).toMatchObject({ status: 400, code: "invalid_argument", reason: "MALFORMED_REQUEST", field: "target.predicate.and[0].condition.operator" });
    expect(out.message).toContain('unknown enum value "OPERATOR_EQUALS" of kontorion.segments.v1.Operator');
    expect(out.message).toContain("OPERATOR_EQ");
  });

  it("rejects an unknown field, naming it", async () => {
    const out = await post(COUNT_MEMBERS, condition({ operator: "OPERATOR_EQ", operatr: "OPERATOR_EQ" }));
    expect(out).toMatchObject({ code: "invalid_argument", field: "target.predicate.and[0].condition" });
    expect(out.message).toContain('unknown field "operatr" in kontorion.segments.v1.Condition');
  });

  it("rejects 200 nested not nodes with a path, without overflowing the stack", async () => {
    const body = `{"target":{"predicate":${'{"not":'.repeat(200)}{"condition":{"field":"country"}}${"}".repeat(200)}}}`;
    const out = await post(COUNT_MEMBERS, body);
    expect(out).toMatchObject({ code: "invalid_argument", reason: "MALFORMED_REQUEST" });
    expect(out.field).toBe(`target.predicate${".not".repeat(98)}`);
    expect(out.message).toContain("nested more than 100 levels deep");
  });

  it("rejects 7,000 nested objects (the most that fit the test's 64 KiB limit) without overflowing the stack", async () => {
    const body = `{"target":{"predicate":${'{"not":'.repeat(7000)}{}${"}".repeat(7000)}}}`;
    const out = await post(COUNT_MEMBERS, body);
    expect(out).toMatchObject({ code: "invalid_argument", reason: "MALFORMED_REQUEST" });
  });

  it("rejects a body that is not valid UTF-8", async () => {
    const res = await fetch(`http://${srv.address}${GET_SEGMENT}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    });
    expect(await res.json()).toMatchObject({ code: "invalid_argument", message: "malformed request: the JSON body is not valid UTF-8" });
  });

  it("still accepts a valid request (the stub answers it)", async () => {
    const out = await post(GET_SEGMENT, JSON.stringify({ id: "connect-error" }));
    expect(out).toMatchObject({ code: "not_found", reason: "NOT_FOUND" });
  });
});
