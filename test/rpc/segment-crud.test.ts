/**
 * Segment definitions over the network: the generated Connect client against the real server and
 * the real MariaDB. Each behaviour of CreateSegment/GetSegment/UpdateSegment/DeleteSegment/
 * ListSegments/ListSegmentVersions as the API documents it.
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { SegmentOrder, type SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { connectClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

type PredicateInit = MessageInitShape<typeof PredicateSchema>;

const countryIs = (code: string): PredicateInit => ({
  node: { case: "condition", value: { field: "country", operator: 1, operand: { case: "value", value: { kind: { case: "stringValue", value: code } } } } },
});
const refersTo = (segmentId: string): PredicateInit => ({ node: { case: "segment", value: { segmentId } } });

let t: TestApp;
let client: Client<typeof SegmentService>;

beforeAll(async () => {
  t = await startTestApp("segments_test_crud");
  client = connectClient(t.baseUrl);
});
afterAll(async () => {
  await t?.close();
});

async function expectCode(promise: Promise<unknown>, code: Code, fragment?: string): Promise<ConnectError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectError);
  const ce = err as ConnectError;
  expect(Code[ce.code]).toBe(Code[code]);
  if (fragment) expect(ce.rawMessage).toContain(fragment);
  return ce;
}

describe("CreateSegment and GetSegment", () => {
  it("round-trips name, description and predicate at version 1", async () => {
    const { segment } = await client.createSegment({ name: "Germany", description: "German customers", predicate: countryIs("DE") });
    expect(segment?.id).toMatch(/^seg_[0-9A-Z]{26}$/);
    expect(segment?.version).toBe(1n);
    expect(segment?.createTime).toBeDefined();
    const got = await client.getSegment({ id: segment!.id });
    expect(got.segment?.name).toBe("Germany");
    expect(got.segment?.description).toBe("German customers");
    expect(got.segment?.predicate).toEqual(create(PredicateSchema, countryIs("DE")));
  });

  it("refuses a second live segment with the same name", async () => {
    await client.createSegment({ name: "Twice", predicate: countryIs("FR") });
    await expectCode(client.createSegment({ name: "Twice", predicate: countryIs("IT") }), Code.AlreadyExists, "name");
  });

  it("rejects a missing predicate and a blank name with their paths", async () => {
    await expectCode(client.createSegment({ name: "No predicate" }), Code.InvalidArgument, "predicate");
    await expectCode(client.createSegment({ name: "  ", predicate: countryIs("DE") }), Code.InvalidArgument, "name: ");
  });

  it("rejects an unknown field with the path of the bad node and saves nothing", async () => {
    const before = await client.listSegments({ pageSize: 1000 });
    const err = await expectCode(
      client.createSegment({
        name: "Bad field",
        predicate: { node: { case: "and", value: { predicates: [countryIs("DE"), countryIs("FR"), { node: { case: "condition", value: { field: "shoe_size", operator: 1, operand: { case: "value", value: { kind: { case: "intValue", value: 3n } } } } } }] } } },
      }),
      Code.InvalidArgument,
    );
    expect(err.rawMessage).toContain("predicate.and[2].condition.field");
    const after = await client.listSegments({ pageSize: 1000 });
    expect(after.segments.length).toBe(before.segments.length);
  });

  it("answers NOT_FOUND for an unknown id and for a version that was never saved", async () => {
    await expectCode(client.getSegment({ id: "seg_00000000000000000000000000" }), Code.NotFound);
    const { segment } = await client.createSegment({ name: "One version", predicate: countryIs("DE") });
    await expectCode(client.getSegment({ id: segment!.id, version: 7n }), Code.NotFound, "version");
  });
});

describe("UpdateSegment", () => {
  it("appends a version and keeps the old one readable", async () => {
    const { segment } = await client.createSegment({ name: "Evolving", predicate: countryIs("DE") });
    const updated = await client.updateSegment({ id: segment!.id, expectedVersion: 1n, predicate: countryIs("AT"), description: "now Austria" });
    expect(updated.segment?.version).toBe(2n);
    expect(updated.segment?.name).toBe("Evolving");
    expect(updated.segment?.description).toBe("now Austria");
    const v1 = await client.getSegment({ id: segment!.id, version: 1n });
    expect(v1.segment?.predicate).toEqual(create(PredicateSchema, countryIs("DE")));
    expect(v1.segment?.description).toBe("");
    const versions = await client.listSegmentVersions({ id: segment!.id });
    expect(versions.versions.map((v) => v.version)).toEqual([2n, 1n]);
  });

  it("with a stale expected version fails with ABORTED and writes nothing", async () => {
    const { segment } = await client.createSegment({ name: "Contended", predicate: countryIs("DE") });
    await client.updateSegment({ id: segment!.id, expectedVersion: 1n, name: "Contended 2" });
    await expectCode(client.updateSegment({ id: segment!.id, expectedVersion: 1n, name: "Lost update" }), Code.Aborted, "expected_version");
    const current = await client.getSegment({ id: segment!.id });
    expect(current.segment?.version).toBe(2n);
    expect(current.segment?.name).toBe("Contended 2");
    expect((await client.listSegmentVersions({ id: segment!.id })).versions).toHaveLength(2);
  });

  it("lets exactly one of many concurrent updates with the same expected version win", async () => {
    const { segment } = await client.createSegment({ name: "Race", predicate: countryIs("DE") });
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => client.updateSegment({ id: segment!.id, expectedVersion: 1n, description: `writer ${i}` })),
    );
    const won = attempts.filter((a) => a.status === "fulfilled");
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(won).toHaveLength(1);
    for (const l of lost) expect(Code[(l.reason as ConnectError).code]).toBe(Code[Code.Aborted]);
    expect((await client.listSegmentVersions({ id: segment!.id })).versions).toHaveLength(2);
  });

  it("requires the expected version", async () => {
    const { segment } = await client.createSegment({ name: "Needs version", predicate: countryIs("DE") });
    await expectCode(client.updateSegment({ id: segment!.id, name: "x" }), Code.InvalidArgument, "expected_version");
  });
});

describe("segment references", () => {
  it("refuses a reference to a segment that does not exist, at the reference's path", async () => {
    await expectCode(
      client.createSegment({ name: "Dangling", predicate: { node: { case: "not", value: refersTo("seg_00000000000000000000000000") } } }),
      Code.InvalidArgument,
      "predicate.not.segment",
    );
  });

  it("refuses to delete a referenced segment and lists its dependents", async () => {
    const base = (await client.createSegment({ name: "Base", predicate: countryIs("DE") })).segment!;
    const dependent = (await client.createSegment({ name: "Dependent", predicate: refersTo(base.id) })).segment!;
    expect(dependent.referencedSegmentIds).toEqual([base.id]);
    const err = await expectCode(client.deleteSegment({ id: base.id }), Code.FailedPrecondition);
    expect(err.rawMessage).toContain(dependent.id);
    expect(err.rawMessage).toContain("Dependent");
    await client.deleteSegment({ id: dependent.id });
    await client.deleteSegment({ id: base.id });
    await expectCode(client.getSegment({ id: base.id }), Code.NotFound);
  });

  it("refuses an update that would close a cycle and shows the cycle", async () => {
    const a = (await client.createSegment({ name: "Cycle A", predicate: countryIs("DE") })).segment!;
    const b = (await client.createSegment({ name: "Cycle B", predicate: refersTo(a.id) })).segment!;
    const c = (await client.createSegment({ name: "Cycle C", predicate: refersTo(b.id) })).segment!;
    const err = await expectCode(
      client.updateSegment({ id: a.id, expectedVersion: 1n, predicate: { node: { case: "or", value: { predicates: [countryIs("FR"), refersTo(c.id)] } } } }),
      Code.InvalidArgument,
      "predicate.or[1].segment",
    );
    expect(err.rawMessage).toContain(`${a.id} → ${c.id} → ${b.id} → ${a.id}`);
    await expectCode(client.updateSegment({ id: a.id, expectedVersion: 1n, predicate: refersTo(a.id) }), Code.InvalidArgument, "cycle");
    expect((await client.getSegment({ id: a.id })).segment?.version).toBe(1n);
  });
});

describe("DeleteSegment", () => {
  it("frees the name and hides the segment", async () => {
    const s = (await client.createSegment({ name: "Short lived", predicate: countryIs("DE") })).segment!;
    await expectCode(client.deleteSegment({ id: s.id, expectedVersion: 2n }), Code.Aborted);
    await client.deleteSegment({ id: s.id, expectedVersion: 1n });
    await expectCode(client.getSegment({ id: s.id }), Code.NotFound);
    await expectCode(client.deleteSegment({ id: s.id }), Code.NotFound);
    const again = await client.createSegment({ name: "Short lived", predicate: countryIs("FR") });
    expect(again.segment?.id).not.toBe(s.id);
  });
});

describe("ListSegments and ListSegmentVersions", () => {
  it("pages through every segment once, in name order", async () => {
    for (const n of ["page-e", "page-a", "page-d", "page-b", "page-c"]) await client.createSegment({ name: n, predicate: countryIs("DE") });
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = await client.listSegments({ pageSize: 2, pageToken: token, orderBy: SegmentOrder.NAME });
      expect(page.segments.length).toBeLessThanOrEqual(2);
      seen.push(...page.segments.map((s) => s.name));
      token = page.nextPageToken;
      pages++;
    } while (token !== "" && pages < 100);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((n) => n.startsWith("page-"))).toEqual(["page-a", "page-b", "page-c", "page-d", "page-e"]);
  });

  it("rejects a tampered page token and one issued for another order", async () => {
    const first = await client.listSegments({ pageSize: 1 });
    expect(first.nextPageToken).not.toBe("");
    const tampered = `x${first.nextPageToken.slice(1)}`;
    await expectCode(client.listSegments({ pageSize: 1, pageToken: tampered }), Code.InvalidArgument, "page_token");
    await expectCode(client.listSegments({ pageSize: 1, pageToken: first.nextPageToken, orderBy: SegmentOrder.UPDATE_TIME_DESC }), Code.InvalidArgument, "page_token");
    await expectCode(client.listSegments({ pageSize: 5000 }), Code.InvalidArgument, "page_size");
  });

  it("pages versions newest first", async () => {
    const s = (await client.createSegment({ name: "Many versions", predicate: countryIs("DE") })).segment!;
    for (let v = 1n; v <= 4n; v++) await client.updateSegment({ id: s.id, expectedVersion: v, description: `v${v + 1n}` });
    const first = await client.listSegmentVersions({ id: s.id, pageSize: 3 });
    const second = await client.listSegmentVersions({ id: s.id, pageSize: 3, pageToken: first.nextPageToken });
    expect([...first.versions, ...second.versions].map((v) => v.version)).toEqual([5n, 4n, 3n, 2n, 1n]);
    expect(second.nextPageToken).toBe("");
  });
});

describe("ListFields", () => {
  it("serves the catalog with types and operators", async () => {
    const { fields } = await client.listFields({});
    const country = fields.find((f) => f.path === "country" && f.scope === 0);
    expect(country?.indexed).toBe(true);
    expect(country?.operators).toContain(11); // matches
    expect(fields.some((f) => f.path === "mrr" && f.scope === 1 && f.aggregatable)).toBe(true);
  });
});
