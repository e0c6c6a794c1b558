/**
 * Errors a program can act on (#10 section 3): an independent grpc-js client decodes
 * grpc-status-details-bin (google.rpc.Status) and finds a google.rpc.ErrorInfo with the stable
 * reason on every error, and a google.rpc.BadRequest naming the field on INVALID_ARGUMENT, while
 * the message text stays what it was.
 */
import { fromBinary } from "@bufbuild/protobuf";
import { anyIs, anyUnpack } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestSchema, ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../gen/google/rpc/status_pb.js";
import { grpcJsClient, unary } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let client: grpc.Client;
let segmentId: string;

beforeAll(async () => {
  t = await startTestApp("segments_test_error_details");
  client = grpcJsClient(t.port);
  const created = await unary<{ segment: { id: string } }>(client, "CreateSegment", {
    name: "details",
    predicate: { condition: { field: "country", operator: "OPERATOR_EQ", value: { string_value: "DE" } } },
  });
  segmentId = created.segment.id;
}, 60_000);
afterAll(async () => {
  client?.close();
  await t?.close();
});

interface Decoded {
  readonly code: grpc.status;
  readonly message: string;
  readonly statusCode: number;
  readonly reason: string | undefined;
  readonly domain: string | undefined;
  readonly violations: readonly { field: string; description: string; reason: string }[];
}

async function decodedError(method: string, request: unknown): Promise<Decoded> {
  const err = await unary(client, method, request).then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: grpc.ServiceError) => e,
  );
  const [bin] = err.metadata.get("grpc-status-details-bin");
  expect(Buffer.isBuffer(bin)).toBe(true);
  const status = fromBinary(StatusSchema, bin as Buffer);
  const info = status.details.filter((a) => anyIs(a, ErrorInfoSchema)).map((a) => anyUnpack(a, ErrorInfoSchema));
  const bad = status.details.filter((a) => anyIs(a, BadRequestSchema)).map((a) => anyUnpack(a, BadRequestSchema));
  return {
    code: err.code,
    message: err.details,
    statusCode: status.code,
    reason: info[0]?.reason,
    domain: info[0]?.domain,
    violations: bad.flatMap((b) => b?.fieldViolations.map(({ field, description, reason }) => ({ field, description, reason })) ?? []),
  };
}

const count = (predicate: unknown) => ["CountMembers", { target: { predicate } }] as const;
const cond = (c: object) => ({ condition: c });

describe("grpc-status-details-bin", () => {
  it.each<[string, readonly [string, unknown], grpc.status, string, string | undefined, string]>([
    ["an unknown field", count(cond({ field: "contry", operator: "OPERATOR_EQ", value: { string_value: "DE" } })), grpc.status.INVALID_ARGUMENT, "UNKNOWN_FIELD", "target.predicate.condition.field", 'unknown field "contry"'],
    ["a value of the wrong type", count(cond({ field: "country", operator: "OPERATOR_EQ", value: { int_value: "3" } })), grpc.status.INVALID_ARGUMENT, "TYPE_MISMATCH", "target.predicate.condition.value", "takes"],
    ["an unset operator", count(cond({ field: "country", value: { string_value: "DE" } })), grpc.status.INVALID_ARGUMENT, "MISSING_FIELD", "target.predicate.condition.operator", "operator is not set"],
    ["nesting past the limit", count(Array.from({ length: 40 }).reduce((p) => ({ not: p }), cond({ field: "country", operator: "OPERATOR_EXISTS" }))), grpc.status.INVALID_ARGUMENT, "LIMIT_EXCEEDED", `target.predicate${".not".repeat(32)}`, "nested more than 32 levels"],
    ["an out-of-range integer", ["ListSegments", { page_size: 5000 }], grpc.status.INVALID_ARGUMENT, "OUT_OF_RANGE", "page_size", "page_size must be between 0 and 1000"],
    ["an unknown segment", ["GetSegment", { id: "seg_doesnotexist" }], grpc.status.NOT_FOUND, "NOT_FOUND", undefined, "not found"],
    ["a duplicate name", ["CreateSegment", { name: "details", predicate: cond({ field: "country", operator: "OPERATOR_EXISTS" }) }], grpc.status.ALREADY_EXISTS, "ALREADY_EXISTS", undefined, "already exists"],
  ])("%s", async (_name, [method, request], code, reason, field, text) => {
    const out = await decodedError(method, request);
    expect({ code: out.code, statusCode: out.statusCode, reason: out.reason, domain: out.domain }).toEqual({ code, statusCode: code, reason, domain: "segments.kontorion" });
    expect(out.message).toContain(text);
    if (field === undefined) {
      expect(out.violations).toEqual([]);
    } else {
      expect(out.violations).toHaveLength(1);
      expect(out.violations[0]).toMatchObject({ field, reason });
      expect(out.message).toBe(`${field}: ${out.violations[0]!.description}`);
    }
  });

  it("a stale expected_version is ABORTED with reason STALE_VERSION", async () => {
    const out = await decodedError("UpdateSegment", { id: segmentId, expected_version: "7", name: "other" });
    expect(out).toMatchObject({ code: grpc.status.ABORTED, reason: "STALE_VERSION" });
    expect(out.message).toBe(`expected_version: segment ${segmentId} is at version 1, not 7: read it again and retry`);
  });
});
