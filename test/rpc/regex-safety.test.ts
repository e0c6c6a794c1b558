/**
 * Regex patterns that could backtrack catastrophically, against the real server and database:
 * refused at once with INVALID_ARGUMENT at the pattern's path (issue #10 §1.2 a), and a pattern
 * that is accepted but made expensive anyway stopped by the engine limit per value, answered
 * FAILED_PRECONDITION quickly (§1.2 b; here with `REGEX_MATCH_LIMIT` lowered so a short name
 * reaches it).
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { insertPlainCustomers } from "../support/bulk-customers.js";
import { connectClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

type PredicateInit = MessageInitShape<typeof PredicateSchema>;

const matches = (field: string, regex: string): PredicateInit => ({
  node: { case: "condition", value: { field, operator: 11, operand: { case: "pattern", value: { regex } } } },
});
const inline = (predicate: PredicateInit) => ({ target: { target: { case: "predicate" as const, value: create(PredicateSchema, predicate) } } });

/** A name on which `.*a.*ax` needs about 1,800 PCRE2 steps before failing. */
const LONG_NAME = `${"a".repeat(60)}bx`;

let t: TestApp;
let client: Client<typeof SegmentService>;

beforeAll(async () => {
  t = await startTestApp("segments_test_regex_safety", { REGEX_MATCH_LIMIT: "1000" });
  client = connectClient(t.baseUrl);
  await insertPlainCustomers(t.app.knex, 2000);
  await t.app.knex("customers").insert({ id: 5000, name: LONG_NAME, status: "active", created_at: "2024-01-01 00:00:00", updated_at: "2024-01-01 00:00:00" });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function failure(call: Promise<unknown>): Promise<{ code: string; message: string; ms: number }> {
  const started = Date.now();
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectError);
  const e = err as ConnectError;
  return { code: Code[e.code], message: e.rawMessage, ms: Date.now() - started };
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // members are not needed, only how the call ends
  }
}

describe("patterns that could backtrack catastrophically", () => {
  it("CountMembers with (.*){1000} on name is INVALID_ARGUMENT at the pattern's path, at once", async () => {
    const result = await failure(client.countMembers(inline(matches("name", "(.*){1000}")), { timeoutMs: 1000 }));
    expect(result.code).toBe("InvalidArgument");
    expect(result.message).toMatch(/^target\.predicate\.condition\.pattern\.regex: unsafe pattern at position 4: the quantifier \{1000\} can backtrack catastrophically/);
    expect(result.ms).toBeLessThan(1000);
  });

  it("ListMembers with (.*){1000} on name is INVALID_ARGUMENT at the pattern's path, at once", async () => {
    const result = await failure(drain(client.listMembers({ ...inline(matches("name", "(.*){1000}")), batchSize: 100 }, { timeoutMs: 1000 })));
    expect(result.code).toBe("InvalidArgument");
    expect(result.message).toMatch(/^target\.predicate\.condition\.pattern\.regex: unsafe pattern at position 4:/);
    expect(result.ms).toBeLessThan(1000);
  });

  it("points at the pattern inside a larger predicate, and refuses to save it", async () => {
    const predicate: PredicateInit = {
      node: { case: "and", value: { predicates: [matches("email", ".*@example\\.com"), matches("name", "(.*.*)*@")] } },
    };
    const counted = await failure(client.countMembers(inline(predicate)));
    expect(counted.code).toBe("InvalidArgument");
    expect(counted.message).toMatch(/^target\.predicate\.and\[1\]\.condition\.pattern\.regex: unsafe pattern at position 6:/);
    const saved = await failure(client.createSegment({ name: "Backtracking", predicate: create(PredicateSchema, predicate) }));
    expect(saved.code).toBe("InvalidArgument");
    expect(saved.message).toMatch(/^predicate\.and\[1\]\.condition\.pattern\.regex: unsafe pattern at position 6:/);
  });

  it.each(["(a*)*b", "(a+)+", "(a|a)*", "(a|ab)*c", "(a.*){20}", ".*.*.*x"])("refuses %j", async (regex) => {
    const result = await failure(client.countMembers(inline(matches("name", regex))));
    expect(result.code).toBe("InvalidArgument");
    expect(result.message).toContain("unsafe pattern at position");
  });

  it("still evaluates ordinary patterns", async () => {
    const everyone = await client.countMembers(inline(matches("name", "Customer [0-9]+")));
    expect(Number(everyone.count)).toBe(2000);
    const contains = await client.countMembers(inline(matches("name", ".*r 1.*")));
    expect(Number(contains.count)).toBeGreaterThan(100);
  });
});

describe("the engine limit per value", () => {
  it("turns an accepted pattern that is expensive on one value into FAILED_PRECONDITION, fast", async () => {
    const result = await failure(client.countMembers(inline(matches("name", ".*a.*ax")), { timeoutMs: 5000 }));
    expect(result.code).toBe("FailedPrecondition");
    expect(result.message).toContain("backtracking limit was reached");
    expect(result.ms).toBeLessThan(2000);
  });

  it("sends the limit with the pattern, as Explain shows", async () => {
    const explained = await client.explainPredicate({ predicate: create(PredicateSchema, matches("name", ".*a.*ax")) });
    expect(explained.explanation?.bindings.map(String)).toContain("(*LIMIT_MATCH=1000)^(?:[^\\n]*a[^\\n]*ax)\\z");
  });
});
