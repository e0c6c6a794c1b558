/**
 * IsMember / BatchIsMember statements are point queries: the database reads the asked customers
 * by primary key and their related rows by customer index — never a scan of other customers,
 * whatever the predicate shape (relations, windows, aggregates, custom fields, references).
 */
import { fromJson } from "@bufbuild/protobuf";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { buildFieldCatalog } from "../../src/catalog/field-catalog.js";
import { loadCustomFieldDefinitions } from "../../src/catalog/custom-field-definitions.js";
import { compileMembershipQuery } from "../../src/compile/compile-members-query.js";
import { DEMO_SEGMENTS } from "../../src/demo/demo-segments.js";
import { parseExplainJson } from "../../src/explain/parse-explain-json.js";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";
import { openExplainTestDb } from "../explain/explain-test-db.js";

const EXTRA: ReadonlyArray<{ name: string; predicate: unknown }> = [
  { name: "custom field", predicate: { condition: { field: "custom.industry", operator: "OPERATOR_EQ", value: { stringValue: "saas" } } } },
  { name: "regex on email", predicate: { condition: { field: "email", operator: "OPERATOR_MATCHES", pattern: { regex: ".*@gmail\\.com" } } } },
  {
    name: "avg of the last 5 invoices",
    predicate: { relation: { scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_AVG", aggregateField: "total", window: { last: 5 }, comparison: { operator: "OPERATOR_GT", value: { decimalValue: "1500.5" } } } },
  },
  { name: "count of wallets", predicate: { relation: { scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_COUNT", comparison: { operator: "OPERATOR_GTE", value: { intValue: "2" } } } } },
  { name: "negated unindexed", predicate: { not: { condition: { field: "employee_count", operator: "OPERATOR_GT", value: { intValue: "50" } } } } },
];

let knex: Knex;
beforeAll(async () => {
  knex = await openExplainTestDb();
}, 120_000);
afterAll(async () => {
  await knex?.destroy();
});

describe("membership statements read only the asked customers", () => {
  const cases = [...DEMO_SEGMENTS, ...EXTRA].map((s) => [s.name, s.predicate] as const);
  it.each(cases)("%s", async (_name, json) => {
    const catalog = buildFieldCatalog(await loadCustomFieldDefinitions(knex, { warn: () => undefined }));
    const expr = lowerPredicate(fromJson(PredicateSchema, json as never), "predicate", catalog);
    for (const ids of [[17], [3, 99, 1500, 2999]]) {
      const plan = compileMembershipQuery(expr, ids, { instantMs: Date.UTC(2025, 2, 31), dialect: "mariadb" });
      const [rows] = (await knex.raw(`EXPLAIN FORMAT=JSON ${plan.sql}`, [...plan.bindings])) as [{ EXPLAIN: string }[]];
      const parsed = parseExplainJson(rows[0]!.EXPLAIN);
      expect(parsed.recognized).toBe(true);
      const customerReads = parsed.accesses.filter((a) => a.table === "c");
      expect(customerReads.length).toBeGreaterThan(0);
      for (const read of customerReads) {
        expect(read.key).toBe("PRIMARY");
        expect(read.rows ?? 0).toBeLessThanOrEqual(ids.length);
      }
      for (const read of parsed.accesses.filter((a) => a.base)) {
        // Related tables are reached through an index on the customer, never scanned whole.
        expect(["ALL", "index"]).not.toContain(read.accessType);
      }
    }
  });
});
