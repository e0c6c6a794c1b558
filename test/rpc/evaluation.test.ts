/**
 * Evaluation RPCs over the network on a small hand-made billing dataset whose members are derived
 * by hand from docs/semantics.md: IsMember, BatchIsMember, CountMembers, ListMembers (cursors,
 * limits, partitions), ListCustomerSegments.
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { msToSqlDatetime } from "../../src/db/sql-datetime.js";
import { connectClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

type PredicateInit = MessageInitShape<typeof PredicateSchema>;

const NOW = Date.UTC(2026, 5, 15, 12, 0, 0);
const DAY = 86_400_000;
const at = (offsetDays: number): string => msToSqlDatetime(NOW + offsetDays * DAY);

const str = (field: string, operator: number, value: string): PredicateInit => ({
  node: { case: "condition", value: { field, operator, operand: { case: "value", value: { kind: { case: "stringValue", value } } } } },
});
const inList = (field: string, values: string[]): PredicateInit => ({
  node: { case: "condition", value: { field, operator: 3, operand: { case: "list", value: { values: values.map((v) => ({ kind: { case: "stringValue" as const, value: v } })) } } } },
});
const and = (...predicates: PredicateInit[]): PredicateInit => ({ node: { case: "and", value: { predicates } } });

const EU_ENTERPRISE = and(inList("country", ["DE", "FR", "IT"]), str("tier", 1, "enterprise"));
/** Trials ending within the next 7 days (relative to the evaluation instant). */
const TRIAL_ENDING: PredicateInit = {
  node: {
    case: "relation",
    value: {
      scope: 1,
      quantifier: 1,
      where: and(str("status", 1, "trialing"), {
        node: {
          case: "condition",
          value: {
            field: "trial_end",
            operator: 12,
            operand: {
              case: "range",
              value: {
                lower: { kind: { case: "relativeTime", value: { amount: 0n, unit: 4 } } },
                upper: { kind: { case: "relativeTime", value: { amount: 7n, unit: 4 } } },
              },
            },
          },
        },
      }),
    },
  },
};
/** Dunning: at least 2 open invoices past due. */
const DUNNING: PredicateInit = {
  node: {
    case: "relation",
    value: {
      scope: 2,
      quantifier: 4,
      where: and(str("status", 1, "open"), {
        node: { case: "condition", value: { field: "due_at", operator: 7, operand: { case: "value", value: { kind: { case: "relativeTime", value: { amount: 0n, unit: 4 } } } } } },
      }),
      comparison: { operator: 6, operand: { case: "value", value: { kind: { case: "intValue", value: 2n } } } },
    },
  },
};

let t: TestApp;
let client: Client<typeof SegmentService>;
const ids: Record<string, string> = {};
const evaluationTime = timestampFromMs(NOW);

beforeAll(async () => {
  t = await startTestApp("segments_test_evaluation");
  client = connectClient(t.baseUrl);
  const k = t.app.knex;
  const customer = (id: number, country: string | null, tier: string | null, status = "active") => ({
    id,
    email: `c${id}@example.com`,
    name: `Customer ${id}`,
    country,
    status,
    tier,
    currency: "EUR",
    tax_exempt: false,
    employee_count: null,
    created_at: at(-400),
    updated_at: at(-1),
  });
  await k("customers").insert([
    customer(1, "DE", "enterprise"),
    customer(2, "FR", "enterprise"),
    customer(3, "DE", "free", "churned"),
    customer(4, null, null),
    customer(5, "US", "enterprise"),
    customer(6, "IT", "enterprise"),
  ]);
  const sub = (customer_id: number, status: string, trialEndDays: number | null) => ({
    customer_id,
    plan: "pro",
    status,
    quantity: 1,
    mrr: 9900,
    currency: "EUR",
    started_at: at(-30),
    trial_end: trialEndDays === null ? null : at(trialEndDays),
    current_period_end: at(10),
    canceled_at: null,
  });
  await k("subscriptions").insert([sub(1, "active", null), sub(2, "trialing", 3), sub(3, "trialing", 9), sub(5, "trialing", -1), sub(6, "trialing", 7)]);
  let n = 0;
  const inv = (customer_id: number, status: string, dueDays: number) => ({
    customer_id,
    number: `INV-${++n}`,
    status,
    total: 1000,
    amount_due: status === "paid" ? 0 : 1000,
    currency: "EUR",
    issued_at: at(dueDays - 30),
    due_at: at(dueDays),
    paid_at: status === "paid" ? at(dueDays - 1) : null,
  });
  await k("invoices").insert([
    inv(1, "paid", -10),
    inv(2, "open", -5),
    inv(2, "open", -2),
    inv(2, "paid", -40),
    inv(3, "open", -3),
    inv(3, "open", 5),
    inv(5, "open", -1),
    inv(5, "open", -9),
    inv(5, "open", -20),
  ]);
  for (const [name, predicate] of [
    ["EU enterprise", EU_ENTERPRISE],
    ["Trial ending", TRIAL_ENDING],
    ["Dunning", DUNNING],
  ] as const) {
    ids[name] = (await client.createSegment({ name, predicate })).segment!.id;
  }
});
afterAll(async () => {
  await t?.close();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "ok",
    (e: unknown) => (e instanceof ConnectError ? Code[e.code] : String(e)),
  );
}

async function allMembers(request: Parameters<Client<typeof SegmentService>["listMembers"]>[0]): Promise<{ ids: number[]; cursors: string[] }> {
  const out: number[] = [];
  const cursors: string[] = [];
  for await (const msg of client.listMembers(request)) {
    out.push(...msg.customerIds.map(Number));
    cursors.push(msg.cursor);
  }
  return { ids: out, cursors };
}

describe("IsMember", () => {
  it.each([
    ["EU enterprise", 1, true],
    ["EU enterprise", 2, true],
    ["EU enterprise", 3, false],
    ["EU enterprise", 4, false],
    ["EU enterprise", 5, false],
    ["Trial ending", 2, true],
    ["Trial ending", 6, true],
    ["Trial ending", 3, false],
    ["Trial ending", 5, false],
    ["Dunning", 2, true],
    ["Dunning", 5, true],
    ["Dunning", 3, false],
    ["Dunning", 4, false],
  ] as const)("%s contains customer %i: %s", async (segment, customerId, expected) => {
    const res = await client.isMember({ target: { target: { case: "segmentId", value: ids[segment]! } }, customerId: BigInt(customerId), evaluationTime });
    expect(res.member).toBe(expected);
    expect(res.segmentVersion).toBe(1n);
    expect(res.evaluationTime).toEqual(evaluationTime);
  });

  it("evaluates an inline predicate the same way", async () => {
    const res = await client.isMember({ target: { target: { case: "predicate", value: create(PredicateSchema, EU_ENTERPRISE) } }, customerId: 6n });
    expect(res.member).toBe(true);
    expect(res.segmentVersion).toBe(0n);
  });

  it("moves the relative window with the evaluation time", async () => {
    const later = timestampFromMs(NOW + 5 * DAY);
    const res = await client.isMember({ target: { target: { case: "segmentId", value: ids["Trial ending"]! } }, customerId: 3n, evaluationTime: later });
    expect(res.member).toBe(true);
  });

  it("answers NOT_FOUND for an unknown customer or segment and INVALID_ARGUMENT for bad requests", async () => {
    expect(await codeOf(client.isMember({ target: { target: { case: "segmentId", value: ids["Dunning"]! } }, customerId: 999n }))).toBe("NotFound");
    expect(await codeOf(client.isMember({ target: { target: { case: "segmentId", value: "seg_00000000000000000000000000" } }, customerId: 1n }))).toBe("NotFound");
    expect(await codeOf(client.isMember({ customerId: 1n }))).toBe("InvalidArgument");
    expect(await codeOf(client.isMember({ target: { target: { case: "segmentId", value: ids["Dunning"]! } }, customerId: 0n }))).toBe("InvalidArgument");
  });
});

describe("BatchIsMember", () => {
  it("answers many customers at once, flagging unknown ones", async () => {
    const res = await client.batchIsMember({
      target: { target: { case: "segmentId", value: ids["EU enterprise"]! } },
      customerIds: [6n, 1n, 999n, 3n, 1n],
      evaluationTime,
    });
    expect(res.results.map((r) => [Number(r.customerId), r.member, r.found])).toEqual([
      [6, true, true],
      [1, true, true],
      [999, false, false],
      [3, false, true],
    ]);
  });

  it("refuses more than 1000 ids", async () => {
    const customerIds = Array.from({ length: 1001 }, (_, i) => BigInt(i + 1));
    expect(await codeOf(client.batchIsMember({ target: { target: { case: "segmentId", value: ids["Dunning"]! } }, customerIds }))).toBe("InvalidArgument");
  });
});

describe("CountMembers", () => {
  it("counts members", async () => {
    const res = await client.countMembers({ target: { target: { case: "segmentId", value: ids["EU enterprise"]! } }, evaluationTime });
    expect(res.count).toBe(3n);
  });
});

describe("ListMembers", () => {
  it("streams every member in id order", async () => {
    const { ids: members } = await allMembers({ target: { target: { case: "segmentId", value: ids["EU enterprise"]! } }, evaluationTime });
    expect(members).toEqual([1, 2, 6]);
  });

  it("pages with limit and cursor, and the pages add up to the whole export", async () => {
    const target = { target: { case: "segmentId" as const, value: ids["Trial ending"]! } };
    const first = await allMembers({ target, evaluationTime, limit: 1n });
    expect(first.ids).toEqual([2]);
    // The resumed export keeps the evaluation instant of the cursor, not the request's clock.
    const rest = await allMembers({ cursor: first.cursors.at(-1)!, limit: 10n });
    expect(rest.ids).toEqual([6]);
  });

  it("splits into disjoint partitions whose union is the segment", async () => {
    const target = { target: { case: "predicate" as const, value: create(PredicateSchema, { node: { case: "condition", value: { field: "status", operator: 1, operand: { case: "value", value: { kind: { case: "stringValue", value: "active" } } } } } }) } };
    const whole = (await allMembers({ target })).ids;
    const parts = await Promise.all([0, 1, 2].map((index) => allMembers({ target, partition: { index, count: 3 } })));
    const union = parts.flatMap((p) => p.ids).sort((a, b) => a - b);
    expect(union).toEqual(whole);
    expect(new Set(union).size).toBe(union.length);
  });

  it("rejects tampered and foreign cursors", async () => {
    const { cursors } = await allMembers({ target: { target: { case: "segmentId", value: ids["EU enterprise"]! } }, limit: 1n });
    const cursor = cursors[0]!;
    expect(await codeOf(allMembers({ cursor: cursor.replace(/.$/, (c) => (c === "A" ? "B" : "A")) }))).toBe("InvalidArgument");
    expect(await codeOf(allMembers({ cursor: "not-a-cursor" }))).toBe("InvalidArgument");
    expect(await codeOf(allMembers({ cursor, target: { target: { case: "segmentId", value: ids["Dunning"]! } } }))).toBe("InvalidArgument");
  });
});

describe("ListCustomerSegments", () => {
  it("lists every segment the customer is in", async () => {
    const res = await client.listCustomerSegments({ customerId: 2n, evaluationTime });
    expect(res.segments.map((s) => s.name)).toEqual(["Dunning", "EU enterprise", "Trial ending"]);
    const none = await client.listCustomerSegments({ customerId: 4n, evaluationTime });
    expect(none.segments).toEqual([]);
    const only = await client.listCustomerSegments({ customerId: 2n, segmentIds: [ids["Dunning"]!], evaluationTime });
    expect(only.segments.map((s) => s.name)).toEqual(["Dunning"]);
    expect(await codeOf(client.listCustomerSegments({ customerId: 999n }))).toBe("NotFound");
  });
});

describe("DiffMembers", () => {
  async function diff(request: Parameters<Client<typeof SegmentService>["diffMembers"]>[0]): Promise<{ entered: number[]; left: number[] }> {
    const entered: number[] = [];
    const left: number[] = [];
    for await (const msg of client.diffMembers(request)) {
      entered.push(...msg.entered.map(Number));
      left.push(...msg.left.map(Number));
    }
    return { entered, left };
  }

  it("previews who enters and leaves with a draft predicate", async () => {
    const draft = create(PredicateSchema, and(inList("country", ["DE", "US"]), str("tier", 1, "enterprise")));
    const res = await diff({ id: ids["EU enterprise"]!, to: { case: "draftPredicate", value: draft }, evaluationTime });
    expect(res).toEqual({ entered: [5], left: [2, 6] });
  });

  it("compares two saved versions, in small batches", async () => {
    const created = await client.createSegment({ name: "Diff versions", predicate: str("country", 1, "DE") });
    await client.updateSegment({ id: created.segment!.id, expectedVersion: 1n, predicate: inList("country", ["FR", "IT", "US"]) });
    const res = await diff({ id: created.segment!.id, fromVersion: 1n, to: { case: "toVersion", value: 2n }, batchSize: 1 });
    expect(res).toEqual({ entered: [2, 5, 6], left: [1, 3] });
    expect(await codeOf(diff({ id: created.segment!.id, to: { case: "toVersion", value: 9n } }))).toBe("NotFound");
    expect(await codeOf(diff({ id: created.segment!.id }))).toBe("InvalidArgument");
  });
});

describe("Explain and stored cost", () => {
  it("shows the SQL, its bindings, the raw plan and a cost with warnings at the slow node", async () => {
    const predicate = create(PredicateSchema, and(str("country", 1, "DE"), { node: { case: "condition", value: { field: "email", operator: 11, operand: { case: "pattern", value: { regex: ".*@example\\.com" } } } } }));
    const { explanation } = await client.explainPredicate({ predicate, evaluationTime });
    expect(explanation?.sql).toMatch(/REGEXP/);
    expect(explanation?.bindings).toContain("DE");
    expect(() => JSON.parse(explanation!.explainJson)).not.toThrow();
    expect(explanation?.dialect).toBe("mariadb");
    expect(explanation?.cost?.warnings.some((w) => w.path === "predicate.and[1].condition")).toBe(true);
  });

  it("explains a saved segment at a version", async () => {
    const res = await client.explainSegment({ id: ids["Dunning"]!, evaluationTime });
    expect(res.segmentVersion).toBe(1n);
    expect(res.explanation?.sql).toMatch(/invoices/);
    expect(await codeOf(client.explainSegment({ id: "seg_00000000000000000000000000" }))).toBe("NotFound");
  });

  it("stores a cost with every saved version and returns it from Get and List", async () => {
    const got = await client.getSegment({ id: ids["Dunning"]! });
    expect(got.segment?.cost?.costClass).not.toBe(0);
    expect(got.segment?.cost?.computeTime).toBeDefined();
    const listed = await client.listSegments({ pageSize: 1000, orderBy: 2 });
    const rows = listed.segments.map((s) => Number(s.cost?.estimatedRowsExamined ?? -1));
    expect(rows).toEqual([...rows].sort((a, b) => b - a));
    // A version that keeps the predicate keeps its cost.
    const renamed = await client.updateSegment({ id: ids["Dunning"]!, expectedVersion: 1n, description: "renamed" });
    expect(renamed.segment?.version).toBe(2n);
    expect(renamed.segment?.cost).toEqual(got.segment?.cost);
  });
});

describe("definitions are always current", () => {
  it("sees an update of the segment and of a segment it references on the very next call", async () => {
    const base = (await client.createSegment({ name: "Current base", predicate: str("country", 1, "DE") })).segment!;
    const outer = (await client.createSegment({ name: "Current outer", predicate: { node: { case: "segment", value: { segmentId: base.id } } } })).segment!;
    const check = async (id: string, customerId: bigint) =>
      (await client.isMember({ target: { target: { case: "segmentId", value: id } }, customerId })).member;
    expect(await check(outer.id, 1n)).toBe(true);
    expect(await check(outer.id, 2n)).toBe(false);
    await client.updateSegment({ id: base.id, expectedVersion: 1n, predicate: str("country", 1, "FR") });
    expect(await check(outer.id, 1n)).toBe(false);
    expect(await check(outer.id, 2n)).toBe(true);
    const batch = await client.batchIsMember({ target: { target: { case: "segmentId", value: base.id } }, customerIds: [1n, 2n] });
    expect(batch.segmentVersion).toBe(2n);
    expect(batch.results.map((r) => r.member)).toEqual([false, true]);
    await client.updateSegment({ id: outer.id, expectedVersion: 1n, predicate: str("country", 1, "DE") });
    const res = await client.isMember({ target: { target: { case: "segmentId", value: outer.id } }, customerId: 1n });
    expect([res.member, res.segmentVersion]).toEqual([true, 2n]);
    await client.deleteSegment({ id: outer.id });
    expect(await codeOf(check(outer.id, 1n))).toBe("NotFound");
  });
});

describe("custom fields", () => {
  it("can be used the moment their definition is added, typed by it", async () => {
    const k = t.app.knex;
    const [fieldId] = await k("custom_field_definitions").insert({
      key: "industry",
      type: "enum",
      options: JSON.stringify(["fintech", "retail"]),
      description: "Industry",
      created_at: at(0),
      updated_at: at(0),
    });
    await k("custom_field_values").insert([
      { customer_id: 1, field_id: fieldId, string_value: "fintech" },
      { customer_id: 2, field_id: fieldId, string_value: "retail" },
    ]);
    const fields = await client.listFields({});
    expect(fields.fields.find((f) => f.path === "custom.industry")?.enumValues).toEqual(["fintech", "retail"]);
    const fintech = await client.createSegment({ name: "Fintech", predicate: str("custom.industry", 1, "fintech") });
    const members = await allMembers({ target: { target: { case: "segmentId", value: fintech.segment!.id } } });
    expect(members.ids).toEqual([1]);
    const notFintech = await allMembers({ target: { target: { case: "predicate", value: create(PredicateSchema, { node: { case: "not", value: str("custom.industry", 1, "fintech") } }) } } });
    expect(notFintech.ids).toEqual([2, 3, 4, 5, 6]);
    expect(await codeOf(client.createSegment({ name: "Bad industry", predicate: str("custom.industry", 1, "gaming") }))).toBe("InvalidArgument");
    expect(await codeOf(client.createSegment({ name: "Unknown field", predicate: str("custom.shoe_size", 1, "x") }))).toBe("InvalidArgument");
  });
});
