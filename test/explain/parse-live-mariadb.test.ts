/**
 * The parser on plans MariaDB produces right now for the compiled member scans of typical
 * predicates: the shapes (which tables, how they are read, how often) are asserted, not the
 * optimizer's exact row estimates.
 */
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import type { Expr } from "../../src/ir/nodes.js";
import { type ParsedExplain, type PlanTableAccess, parseExplainJson } from "../../src/explain/parse-explain-json.js";
import { knexExplainRunner } from "../../src/explain/run-explain.js";
import { DATASET_OPTIONS, openExplainTestDb } from "./explain-test-db.js";
import { at, cond, customField, field, matches, num, relation, str } from "./ir.js";

const INSTANT_MS = Date.UTC(2025, 2, 31, 10, 15);
const CUSTOMERS = DATASET_OPTIONS.customers;

interface LiveCase {
  readonly name: string;
  readonly expr: Expr;
  readonly check: (plan: ParsedExplain) => void;
}

const read = (plan: ParsedExplain, table: string): PlanTableAccess => {
  const found = plan.accesses.find((a) => a.table === table && a.base);
  if (found === undefined) throw new Error(`no read of ${table} in ${JSON.stringify(plan.accesses)}`);
  return found;
};

const CASES: readonly LiveCase[] = [
  {
    name: "point lookup on the primary key",
    expr: cond("p", field("customer", "id"), { op: "eq", value: num(5) }),
    check: (plan) => {
      expect(plan.accesses.map((a) => [a.table, a.accessType, a.key, a.rows, a.scans])).toEqual([["c", "const", "PRIMARY", 1, 1]]);
    },
  },
  {
    name: "ref on a secondary index",
    expr: cond("p", field("customer", "country"), { op: "eq", value: str("DE") }),
    check: (plan) => {
      const c = read(plan, "c");
      expect([c.accessType, c.key]).toEqual(["ref", "customers_country_idx"]);
      expect(c.rows).toBeGreaterThan(0);
      expect(c.rows).toBeLessThan(CUSTOMERS / 2);
    },
  },
  {
    name: "range on a time index",
    expr: cond("p", field("customer", "created_at"), { op: "gt", value: at("2025-03-01T00:00:00Z") }),
    check: (plan) => {
      const c = read(plan, "c");
      expect([c.accessType, c.key]).toEqual(["range", "customers_created_at_idx"]);
    },
  },
  {
    name: "full scan for an unindexed column",
    expr: cond("p", field("customer", "employee_count"), { op: "gt", value: num(5) }),
    check: (plan) => {
      const c = read(plan, "c");
      expect(["ALL", "index"]).toContain(c.accessType);
      expect(c.rows).toBeGreaterThan(CUSTOMERS * 0.8);
      expect(plan.rowsExamined).toBe(c.examined);
    },
  },
  {
    name: "regex match",
    expr: cond("p", field("customer", "email"), matches("[^\\n]*@example\\.com")),
    check: (plan) => {
      expect(["ALL", "index"]).toContain(read(plan, "c").accessType);
    },
  },
  {
    name: "correlated scalar subquery (count of related rows) runs once per customer",
    expr: relation("p", "subscriptions", { kind: "count", test: { op: "gt", value: num(1) } }, null),
    check: (plan) => {
      const c = read(plan, "c");
      const r = read(plan, "r");
      expect(r.key.startsWith("subscriptions_customer")).toBe(true);
      expect(r.scans).toBeCloseTo((c.scans * c.rows * c.filtered) / 100, 6);
      expect(r.selectId).not.toBe(c.selectId);
    },
  },
  {
    name: "correlated EXISTS (any related row)",
    expr: relation("p", "invoices", { kind: "any" }, cond("w", field("invoices", "status"), { op: "eq", value: str("open") })),
    check: (plan) => {
      expect(plan.accesses.filter((a) => a.base).map((a) => a.table).sort()).toEqual(["c", "r"]);
      expect(read(plan, "r").possibleKeys.every((k) => k.startsWith("invoices_"))).toBe(true);
    },
  },
  {
    name: "custom field EXISTS",
    expr: cond("p", customField("nickname", 3), { op: "eq", value: str("Ace") }),
    check: (plan) => {
      expect(read(plan, "v").key.startsWith("custom_field_values")).toBe(true);
    },
  },
  {
    name: "last N window: the N-th row probed down the customer's time index",
    expr: relation("p", "invoices", { kind: "sum", field: field("invoices", "total"), test: { op: "gt", value: num(100) } }, null, { kind: "last", n: 3 }),
    check: (plan) => {
      expect(plan.accesses.map((a) => [a.table, a.base, a.inDerivedTable]).sort()).toEqual([["c", true, false], ["n", true, false], ["r", true, false]]);
      const edge = read(plan, "n");
      expect([edge.accessType, edge.key]).toEqual(["ref", "invoices_customer_time_idx"]);
      expect(read(plan, "r").accessType).toBe("ref");
    },
  },
];

describe("parseExplainJson on live MariaDB plans of member scans", () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await openExplainTestDb();
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it.each(CASES)("$name", async ({ expr, check }) => {
    const text = await knexExplainRunner(knex, { dialect: "mariadb" })(compileMembersQuery(expr, { instantMs: INSTANT_MS, dialect: "mariadb" }));
    const plan = parseExplainJson(text);
    expect(plan.recognized).toBe(true);
    expect(plan.reportedCost).toBeNull();
    expect(plan.accesses.every((a) => a.accessType !== "")).toBe(true);
    expect(plan.queryCost).toBeGreaterThanOrEqual(plan.rowsExamined);
    expect(plan.rowsExamined).toBeGreaterThan(0);
    check(plan);
  });
});
