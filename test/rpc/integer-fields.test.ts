/**
 * Every integer field of every request is range-checked with INVALID_ARGUMENT naming the field
 * (#10 item 10: ListMembers limit ≥ 2^53 was INTERNAL), over the network against the real
 * service and database.
 */
import type { DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { INTEGER_FIELD_RANGES, INTEGERS_CHECKED_ELSEWHERE, isIntegerField } from "../../src/rpc/integer-fields.js";
import { connectClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

/** Proto-name paths of the integer fields reachable from `desc`, outside messages checked elsewhere. */
function integerPaths(desc: DescMessage, prefix = "", seen = new Set<string>()): string[] {
  if (INTEGERS_CHECKED_ELSEWHERE.has(desc.typeName) || seen.has(desc.typeName)) return [];
  const inner = new Set([...seen, desc.typeName]);
  return desc.fields.flatMap((field) => {
    const path = `${prefix}${field.name}`;
    if (isIntegerField(field)) return [path];
    const message = field.fieldKind === "message" || (field.fieldKind === "list" && field.listKind === "message") ? field.message : undefined;
    return message ? integerPaths(message, `${path}.`, inner) : [];
  });
}

describe("the integer field table", () => {
  it("covers every integer field of every SegmentService request", () => {
    const missing = SegmentService.methods.flatMap((m) => {
      const covered = new Set((INTEGER_FIELD_RANGES[m.input.typeName] ?? []).map((r) => r.path));
      return integerPaths(m.input).filter((p) => !covered.has(p)).map((p) => `${m.input.typeName}.${p}`);
    });
    expect(missing).toEqual([]);
  });
});

const TWO_53 = 2n ** 53n;
const INT64_MAX = 2n ** 63n - 1n;

let t: TestApp;
let client: Client<typeof SegmentService>;

beforeAll(async () => {
  t = await startTestApp("segments_test_integer_fields");
  client = connectClient(t.baseUrl);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function failure(call: () => Promise<unknown>): Promise<{ code: Code; message: string; reason: string | undefined }> {
  try {
    await call();
  } catch (err) {
    const e = ConnectError.from(err);
    return { code: e.code, message: e.rawMessage, reason: e.findDetails(ErrorInfoSchema)[0]?.reason };
  }
  throw new Error("the call succeeded");
}

const drain = async (stream: AsyncIterable<unknown>): Promise<void> => {
  for await (const _ of stream);
};

const everyone = { node: { case: "condition" as const, value: { field: "country", operator: 9 } } };

describe("out-of-range integers are INVALID_ARGUMENT naming the field", () => {
  it.each<[string, () => Promise<unknown>, string]>([
    ["ListMembers limit 2^53", () => drain(client.listMembers({ target: { target: { case: "predicate", value: everyone } }, limit: TWO_53 })), `limit: limit must be between 0 and ${TWO_53 - 1n}, got ${TWO_53}`],
    ["ListMembers limit int64 max", () => drain(client.listMembers({ target: { target: { case: "segmentId", value: "seg_x" } }, limit: INT64_MAX })), "limit: limit must be between"],
    ["ListMembers partition.count 2^32-1", () => drain(client.listMembers({ target: { target: { case: "segmentId", value: "seg_x" } }, partition: { index: 0, count: 2 ** 32 - 1 } })), "partition.count: partition.count must be between 0 and 1024"],
    ["GetSegment version int64 max", () => client.getSegment({ id: "seg_x", version: INT64_MAX }), `version: version must be between 0 and 2000000000, got ${INT64_MAX}`],
    ["GetSegment version negative", () => client.getSegment({ id: "seg_x", version: -1n }), "version: version must be between 0 and 2000000000, got -1"],
    ["ExplainSegment version 2^60", () => client.explainSegment({ id: "seg_x", version: 2n ** 60n }), "version: version must be between 0 and 2000000000"],
    ["UpdateSegment expected_version 2^40", () => client.updateSegment({ id: "seg_x", expectedVersion: 2n ** 40n }), "expected_version: expected_version must be between"],
    ["DeleteSegment expected_version -5", () => client.deleteSegment({ id: "seg_x", expectedVersion: -5n }), "expected_version: expected_version must be between 0"],
    ["ListSegments page_size -1", () => client.listSegments({ pageSize: -1 }), "page_size: page_size must be between 0 and 1000, got -1"],
    ["ListSegmentVersions page_size 2^31-1", () => client.listSegmentVersions({ id: "seg_x", pageSize: 2 ** 31 - 1 }), "page_size: page_size must be between 0 and 1000"],
    ["IsMember customer_id 2^53", () => client.isMember({ target: { target: { case: "segmentId", value: "seg_x" } }, customerId: TWO_53 }), "customer_id: customer_id must be between 1 and"],
    ["BatchIsMember customer_ids[1] -1", () => client.batchIsMember({ target: { target: { case: "segmentId", value: "seg_x" } }, customerIds: [1n, -1n] }), "customer_ids[1]: customer_ids[1] must be between 1 and"],
    ["ListCustomerSegments customer_id int64 max", () => client.listCustomerSegments({ customerId: INT64_MAX }), "customer_id: customer_id must be between 1"],
    ["DiffMembers from_version 2^60", () => drain(client.diffMembers({ id: "seg_x", fromVersion: 2n ** 60n, to: { case: "toVersion", value: 1n } })), "from_version: from_version must be between"],
    ["DiffMembers to_version int64 max", () => drain(client.diffMembers({ id: "seg_x", fromVersion: 1n, to: { case: "toVersion", value: INT64_MAX } })), "to_version: to_version must be between"],
  ])("%s", async (_name, call, message) => {
    const out = await failure(call);
    expect(out.code).toBe(Code.InvalidArgument);
    expect(out.message.startsWith(message)).toBe(true);
    expect(out.reason).toBe("OUT_OF_RANGE");
  });

  it("an int64 value in a condition past ±2^53-1 is INVALID_ARGUMENT at its path", async () => {
    const predicate = { node: { case: "condition" as const, value: { field: "id", operator: 1, operand: { case: "value" as const, value: { kind: { case: "intValue" as const, value: INT64_MAX } } } } } };
    const out = await failure(() => client.countMembers({ target: { target: { case: "predicate", value: predicate } } }));
    expect(out.code).toBe(Code.InvalidArgument);
    expect(out.message).toBe(`target.predicate.condition.value.int_value: ${INT64_MAX} is out of range: integers and money are limited to ±${Number.MAX_SAFE_INTEGER}`);
  });

  it("a limit within range still works", async () => {
    const batches: bigint[][] = [];
    for await (const b of client.listMembers({ target: { target: { case: "predicate", value: everyone } }, limit: TWO_53 - 1n })) batches.push(b.customerIds);
    expect(batches.flat()).toEqual([]);
  });
});
