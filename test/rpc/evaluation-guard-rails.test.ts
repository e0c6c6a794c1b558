/**
 * Guard rails of evaluation queries against the real server and database: the statement time
 * limit, cancellation reaching the database (KILL QUERY), backpressure from a slow reader down to
 * the open statement, and warnings that would silently change results.
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { QueryRunner } from "../../src/evaluation/query-runner.js";
import { insertPlainCustomers } from "../support/bulk-customers.js";
import { connectClient, grpcJsClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

type PredicateInit = MessageInitShape<typeof PredicateSchema>;

const CUSTOMERS = 200_000;
const matches = (field: string, regex: string): PredicateInit => ({
  node: { case: "condition", value: { field, operator: 11, operand: { case: "pattern", value: { regex } } } },
});
/** Many regex conditions over every customer: seconds of work for the database. */
const SLOW: PredicateInit = {
  node: { case: "or", value: { predicates: Array.from({ length: 60 }, (_, i) => matches("name", `[A-Za-z]+ (1|2|3|4|5|6|7|8|9)*${i}x`)) } },
};
/** Ten times SLOW: a unary call that would run for seconds, so only cancellation can end it early. */
const SLOWER: PredicateInit = {
  node: { case: "or", value: { predicates: Array.from({ length: 600 }, (_, i) => matches("name", `[A-Za-z]+ (1|2|3|4|5|6|7|8|9)*${i}x`)) } },
};
const EVERYONE: PredicateInit = matches("name", "Customer [0-9]+");

let t: TestApp;
let client: Client<typeof SegmentService>;

beforeAll(async () => {
  t = await startTestApp("segments_test_guard_rails");
  client = connectClient(t.baseUrl);
  await insertPlainCustomers(t.app.knex, CUSTOMERS);
  await t.app.knex("customers").insert({ id: CUSTOMERS + 1, name: `${"a".repeat(60)}bx`, status: "active", created_at: "2024-01-01 00:00:00", updated_at: "2024-01-01 00:00:00" });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function runningStatements(marker: string): Promise<number> {
  const [rows] = (await t.app.knex.raw(
    "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE ? AND INFO NOT LIKE ?",
    [`%${marker}%`, "%PROCESSLIST%"],
  )) as [[{ n: number }]];
  return Number(rows[0]!.n);
}

describe("statement time limit", () => {
  it("turns a query that outlives the deadline into DEADLINE_EXCEEDED, ended by the server", async () => {
    const slowApp = await startTestApp("segments_test_guard_rails_timeout", { QUERY_TIMEOUT_MS: "50" });
    try {
      await insertPlainCustomers(slowApp.app.knex, 50_000);
      const slowClient = connectClient(slowApp.baseUrl);
      const started = Date.now();
      const err = await slowClient.countMembers({ target: { target: { case: "predicate", value: create(PredicateSchema, SLOW) } } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect(Code[(err as ConnectError).code]).toBe("DeadlineExceeded");
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await slowApp.close();
    }
  }, 60_000);
});

describe("cancellation", () => {
  it("kills the statement of a cancelled export within a second", async () => {
    const controller = new AbortController();
    const stream = client.listMembers(
      { target: { target: { case: "predicate", value: create(PredicateSchema, SLOW) } }, batchSize: 1 },
      { signal: controller.signal },
    );
    const consuming = (async () => {
      for await (const _ of stream) void _;
    })().catch(() => undefined);
    await waitFor(async () => (await runningStatements("REGEXP")) > 0, 5000);
    controller.abort();
    await consuming;
    const stoppedBy = Date.now() + 1000;
    await waitFor(async () => (await runningStatements("REGEXP")) === 0, 1000);
    expect(Date.now()).toBeLessThanOrEqual(stoppedBy);
  }, 30_000);

  it("kills the statement of a cancelled unary call within a second", async () => {
    const controller = new AbortController();
    const call = client
      .countMembers({ target: { target: { case: "predicate", value: create(PredicateSchema, SLOWER) } } }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await waitFor(async () => (await runningStatements("REGEXP")) > 0, 5000);
    controller.abort();
    expect(Code[ConnectError.from(await call).code]).toBe("Canceled");
    const stoppedBy = Date.now() + 1000;
    await waitFor(async () => (await runningStatements("REGEXP")) === 0, 1000);
    expect(Date.now()).toBeLessThanOrEqual(stoppedBy);
  }, 30_000);

  it("ends a unary call at the caller's deadline with DEADLINE_EXCEEDED and kills its statement", async () => {
    const started = Date.now();
    const err = await client
      .countMembers({ target: { target: { case: "predicate", value: create(PredicateSchema, SLOWER) } } }, { timeoutMs: 300 })
      .catch((e: unknown) => e);
    expect(Code[ConnectError.from(err).code]).toBe("DeadlineExceeded");
    expect(Date.now() - started).toBeLessThan(3000);
    await waitFor(async () => (await runningStatements("REGEXP")) === 0, 1000);
  }, 30_000);
});

describe("backpressure", () => {
  it("stops reading from the database while the reader is paused instead of buffering the segment", async () => {
    let pulled = 0;
    let released = false;
    const original = QueryRunner.prototype.streamBatches;
    const spy = vi.spyOn(QueryRunner.prototype, "streamBatches").mockImplementation(async function* (this: QueryRunner, ...args: Parameters<QueryRunner["streamBatches"]>) {
      try {
        for await (const batch of original.apply(this, args)) {
          pulled += batch.length;
          yield batch;
        }
      } finally {
        released = true;
      }
    });
    const raw = grpcJsClient(t.port);
    try {
      const call = (raw as unknown as Record<string, (req: unknown) => grpc.ClientReadableStream<{ customer_ids: string[] }>>)["ListMembers"]!({
        target: { predicate: { condition: { field: "name", operator: "OPERATOR_MATCHES", pattern: { regex: "Customer [0-9]+" } } } },
        batch_size: 100,
      });
      const first = new Promise<void>((resolve) =>
        call.on("data", () => {
          call.pause();
          resolve();
        }),
      );
      call.on("error", () => undefined);
      await first;
      await new Promise((r) => setTimeout(r, 1000));
      const pulledAfterOneSecond = pulled;
      await new Promise((r) => setTimeout(r, 1000));
      // Transport buffers fill up, then the server stops pulling rows: bounded, far from the whole segment.
      expect(pulled).toBe(pulledAfterOneSecond);
      expect(pulled).toBeLessThan(CUSTOMERS / 2);
      call.cancel();
      // The stalled handler is woken and unwound: nothing of the export stays parked.
      await waitFor(async () => released, 2000);
    } finally {
      raw.close();
      spy.mockRestore();
    }
  }, 30_000);

  it("still delivers every member to a reader that keeps up", async () => {
    let n = 0;
    for await (const msg of client.listMembers({ target: { target: { case: "predicate", value: create(PredicateSchema, EVERYONE) } }, batchSize: 5000 })) {
      n += msg.customerIds.length;
    }
    expect(n).toBe(CUSTOMERS);
  }, 60_000);
});

describe("warnings that change results", () => {
  it("refuses a regex the engine would give up on before it reaches the database", async () => {
    // Accepted patterns that reach the engine limit anyway fail with FAILED_PRECONDITION instead
    // of a silent "no match": test/rpc/regex-safety.test.ts.
    const err = await client
      .countMembers({ target: { target: { case: "predicate", value: create(PredicateSchema, matches("name", "(a|a)*b[0-9]")) } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect(Code[(err as ConnectError).code]).toBe("InvalidArgument");
    expect((err as ConnectError).rawMessage).toContain("unsafe pattern at position 5");
  }, 30_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe("Explain on a large table", () => {
  it("classifies an indexed predicate as INDEXED and an unindexed one as FULL_SCAN with a warning at its path", async () => {
    await t.app.knex.raw("ANALYZE TABLE customers");
    const indexed = await client.explainPredicate({
      predicate: create(PredicateSchema, { node: { case: "condition", value: { field: "email", operator: 1, operand: { case: "value", value: { kind: { case: "stringValue", value: "c5@example.com" } } } } } }),
    });
    expect(indexed.explanation?.cost?.costClass).toBe(1);
    const scanning = await client.explainPredicate({
      predicate: create(PredicateSchema, { node: { case: "not", value: { node: { case: "condition", value: { field: "employee_count", operator: 5, operand: { case: "value", value: { kind: { case: "intValue", value: 5n } } } } } } } }),
    });
    expect(scanning.explanation?.cost?.costClass).toBe(3);
    expect(Number(scanning.explanation?.cost?.estimatedRowsExamined)).toBeGreaterThan(100_000);
    expect(scanning.explanation?.cost?.warnings.map((w) => w.path)).toContain("predicate.not.condition");
  }, 30_000);
});
