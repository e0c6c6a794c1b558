/**
 * Interop with an independent gRPC stack: @grpc/grpc-js with the .proto files loaded at run time
 * (no generated code shared with the server) drives the CRUD round trip and sees the documented
 * status codes and paths.
 */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpcJsClient, unary } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

interface WireSegment {
  id: string;
  name: string;
  description: string;
  version: string;
  predicate: unknown;
}

let t: TestApp;
let client: grpc.Client;

beforeAll(async () => {
  t = await startTestApp("segments_test_grpcjs");
  client = grpcJsClient(t.port);
});
afterAll(async () => {
  client?.close();
  await t?.close();
});

const enterpriseInEu = {
  and: {
    predicates: [
      { condition: { field: "country", operator: "OPERATOR_IN", list: { values: [{ string_value: "DE" }, { string_value: "FR" }] } } },
      { condition: { field: "tier", operator: "OPERATOR_EQ", value: { string_value: "enterprise" } } },
    ],
  },
};

async function grpcError(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: grpc.ServiceError) => e,
  );
}

describe("grpc-js client", () => {
  it("creates, reads, updates, lists versions and deletes", async () => {
    const created = await unary<{ segment: WireSegment }>(client, "CreateSegment", { name: "EU enterprise", description: "d", predicate: enterpriseInEu });
    expect(created.segment.version).toBe("1");
    const got = await unary<{ segment: WireSegment }>(client, "GetSegment", { id: created.segment.id });
    expect(got.segment.name).toBe("EU enterprise");
    expect(JSON.stringify(got.segment.predicate)).toContain("enterprise");

    const updated = await unary<{ segment: WireSegment }>(client, "UpdateSegment", { id: created.segment.id, expected_version: "1", name: "EU enterprise v2" });
    expect(updated.segment.version).toBe("2");
    const versions = await unary<{ versions: { version: string }[] }>(client, "ListSegmentVersions", { id: created.segment.id });
    expect(versions.versions.map((v) => v.version)).toEqual(["2", "1"]);

    await unary(client, "DeleteSegment", { id: created.segment.id });
    const err = await grpcError(unary(client, "GetSegment", { id: created.segment.id }));
    expect(err.code).toBe(grpc.status.NOT_FOUND);
  });

  it("sees INVALID_ARGUMENT with the path of the bad node", async () => {
    const err = await grpcError(
      unary(client, "CreateSegment", {
        name: "Bad value",
        predicate: { and: { predicates: [enterpriseInEu, { condition: { field: "employee_count", operator: "OPERATOR_GT", value: { string_value: "many" } } }] } },
      }),
    );
    expect(err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(err.details).toContain("predicate.and[1].condition.value");
  });

  it("sees ABORTED for a stale expected version", async () => {
    const created = await unary<{ segment: WireSegment }>(client, "CreateSegment", { name: "Stale", predicate: enterpriseInEu });
    await unary(client, "UpdateSegment", { id: created.segment.id, expected_version: "1", description: "first" });
    const err = await grpcError(unary(client, "UpdateSegment", { id: created.segment.id, expected_version: "1", description: "second" }));
    expect(err.code).toBe(grpc.status.ABORTED);
  });
});
