/**
 * ListCustomerSegments without segment ids lists what exists when it runs: a segment deleted by
 * another caller mid-call is simply not listed, never a NOT_FOUND for ids the caller did not pass.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp("segments_test_customer_segments_deleting");
  await t.app.knex("customers").insert({ id: 1, name: "Ada", status: "active", country: "DE", created_at: "2024-01-01 00:00:00", updated_at: "2024-01-01 00:00:00" });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe("ListCustomerSegments while segments are deleted", () => {
  it("never fails and lists only segments that exist", async () => {
    const client = connectClient(t.baseUrl);
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const res = await client.createSegment({
        name: `s${i}`,
        predicate: { node: { case: "condition", value: { field: "country", operator: 1, operand: { case: "value", value: { kind: { case: "stringValue", value: "DE" } } } } } },
      });
      ids.push(res.segment!.id);
    }
    const deleting = (async () => {
      for (const id of ids) {
        await client.deleteSegment({ id });
      }
    })();
    const failures: string[] = [];
    let calls = 0;
    let done = false;
    void deleting.finally(() => (done = true));
    while (!done) {
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          calls++;
          try {
            const res = await client.listCustomerSegments({ customerId: 1n });
            expect(res.segments.every((s) => ids.includes(s.segmentId))).toBe(true);
          } catch (err) {
            failures.push(String(err));
          }
        }),
      );
    }
    await deleting;
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(10);
    expect((await client.listCustomerSegments({ customerId: 1n })).segments).toEqual([]);
  }, 120_000);
});
