/**
 * Hostile strings against the real service and database (#10 items 11 and 12): huge field names
 * and custom keys are refused early and cheaply, echoed short, messages are capped without a
 * trailing space, and unknown custom fields cannot make every rejected request reload the catalog.
 */
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { connectClient, grpcJsClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;
let client: Client<typeof SegmentService>;
let grpcJs: grpc.Client;
let definitionQueries = 0;

beforeAll(async () => {
  t = await startTestApp("segments_test_hostile_strings");
  client = connectClient(t.baseUrl);
  grpcJs = grpcJsClient(t.port);
  t.app.knex.on("query", (q: { sql: string }) => {
    if (q.sql.includes("custom_field_definitions")) definitionQueries++;
  });
}, 60_000);
afterAll(async () => {
  grpcJs?.close();
  await t?.close();
});

const condition = (field: string, value: string = "x") => ({
  target: { target: { case: "predicate" as const, value: { node: { case: "condition" as const, value: { field, operator: 1, operand: { case: "value" as const, value: { kind: { case: "stringValue" as const, value } } } } } } } },
});

async function countFailure(field: string, value?: string): Promise<{ code: Code; message: string; reason: string | undefined }> {
  try {
    await client.countMembers(condition(field, value));
  } catch (err) {
    const e = ConnectError.from(err);
    return { code: e.code, message: e.rawMessage, reason: e.findDetails(ErrorInfoSchema)[0]?.reason };
  }
  throw new Error("the call succeeded");
}

/** grpc-js CountMembers with a condition on `field`; resolves with the error. */
function grpcJsCount(field: string, value = "x"): Promise<grpc.ServiceError> {
  const request = { target: { predicate: { condition: { field, operator: "OPERATOR_EQ", value: { string_value: value } } } } };
  return new Promise((resolve, reject) => {
    (grpcJs as unknown as Record<string, Function>)["CountMembers"]!.call(grpcJs, request, { deadline: Date.now() + 10_000 }, (err: grpc.ServiceError | null) =>
      err ? resolve(err) : reject(new Error("the call succeeded")),
    );
  });
}

describe("field names", () => {
  it("a 100 KB field name is INVALID_ARGUMENT LIMIT_EXCEEDED with a short message, and grpc-js gets a status", async () => {
    const err = await grpcJsCount("x".repeat(100_000));
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toBe("target.predicate.condition.field: field name is longer than 200 characters (100000)");
  });

  it("a 3.9 MB custom.* key is refused in milliseconds, without touching the catalog", async () => {
    const before = definitionQueries;
    const started = performance.now();
    const out = await countFailure(`custom.${"k".repeat(3_900_000)}`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out).toMatchObject({ code: Code.InvalidArgument, reason: "LIMIT_EXCEEDED" });
    expect(definitionQueries - before).toBe(0);
  });

  it("a custom key no definition can have is UNKNOWN_FIELD without a reload", async () => {
    await countFailure("custom.ok"); // leaves the next reload at least a second away
    const before = definitionQueries;
    const out = await countFailure("custom.no spaces allowed");
    expect(out.reason).toBe("UNKNOWN_FIELD");
    expect(out.message).toContain("custom field keys are 1-64 characters");
    expect(definitionQueries - before).toBe(0);
  });
});

describe("catalog reloads", () => {
  it("100 requests naming an unknown custom field cause at most two reloads", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const before = definitionQueries;
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => countFailure(`custom.unknown_${i}`)));
    expect(new Set(outcomes.map((o) => o.reason))).toEqual(new Set(["UNKNOWN_FIELD"]));
    // A reload is a fingerprint query and a load: two reloads at most, four queries.
    expect(definitionQueries - before).toBeLessThanOrEqual(4);
    expect(definitionQueries - before).toBeGreaterThanOrEqual(1);
  });

  it("a definition added just now is still usable at once", async () => {
    await t.app.knex("custom_field_definitions").insert({ key: "fresh_key", type: "string", options: null, description: "", created_at: "2024-01-01 00:00:00", updated_at: "2030-01-01 00:00:00" });
    const res = await client.countMembers(condition("custom.fresh_key"));
    expect(res.count).toBe(0n);
  });
});

describe("messages", () => {
  it("a message echoing a long value is capped at 1 KB and never ends with a space", async () => {
    const value = "a ".repeat(499);
    const err = await grpcJsCount("status", value);
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details.length).toBeLessThanOrEqual(1024);
    expect(err.details.endsWith("…")).toBe(true);
    expect(err.details).not.toMatch(/\s…$/);
  });
});
