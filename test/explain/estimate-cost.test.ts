import { toJson } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CostClass, EvaluationCostSchema } from "../../gen/kontorion/segments/v1/segment_pb.js";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import { UnexpandedSegmentError } from "../../src/compile/compile-errors.js";
import type { SqlPlan } from "../../src/compile/sql-plan.js";
import type { Expr } from "../../src/ir/nodes.js";
import * as plain from "../../src/explain/estimate-cost.js";
import { bindingText } from "../../src/explain/estimate-cost.js";
import { type RunExplain, knexExplainRunner } from "../../src/explain/run-explain.js";
import { costToProto, explanationToProto } from "../../src/rpc/cost-to-proto.js";
import { openExplainTestDb } from "./explain-test-db.js";
import { readFixture } from "./fixtures/read-fixture.js";
import { and, at, cond, field, matches, num, relation, str } from "./ir.js";

const INSTANT_MS = Date.UTC(2025, 2, 31, 10, 15);
const NOW_MS = Date.UTC(2025, 5, 1, 12, 0, 0, 250);
const P = "predicate";

// The estimates as the API sends them (the plain results encoded by src/rpc/cost-to-proto.ts).
const estimateCost = async (...args: Parameters<typeof plain.estimateCost>) => costToProto(await plain.estimateCost(...args));
const explainExpr = async (...args: Parameters<typeof plain.explainExpr>) => explanationToProto(await plain.explainExpr(...args));
const costFromExplain = (...args: Parameters<typeof plain.costFromExplain>) => costToProto(plain.costFromExplain(...args));

interface ClassCase {
  readonly name: string;
  readonly expr: Expr;
  readonly costClass: CostClass;
  /** Every warning, as `path: message`. */
  readonly warnings: readonly string[];
}

const CLASS_CASES: readonly ClassCase[] = [
  { name: "id eq 5 is an index lookup", expr: cond(`${P}.condition`, field("customer", "id"), { op: "eq", value: num(5) }), costClass: CostClass.INDEXED, warnings: [] },
  { name: "country eq DE is an index lookup", expr: cond(`${P}.condition`, field("customer", "country"), { op: "eq", value: str("DE") }), costClass: CostClass.INDEXED, warnings: [] },
  {
    name: "a recent created_at is an index range",
    expr: cond(`${P}.condition`, field("customer", "created_at"), { op: "gte", value: at("2025-03-25T00:00:00Z") }),
    costClass: CostClass.PARTIAL_SCAN,
    warnings: [],
  },
  {
    name: "name eq x scans the customers, warned at the condition",
    expr: cond(`${P}.condition`, field("customer", "name"), { op: "eq", value: str("x") }),
    costClass: CostClass.FULL_SCAN,
    warnings: [
      `${P}.condition: condition on name cannot use an index: the field is not indexed`,
      `${P}.condition: customers is scanned in full (about ROWS rows) for this condition on name`,
    ],
  },
  {
    name: "employee_count gt 5 scans the customers, warned at the condition",
    expr: and(
      P,
      cond(`${P}.and[0].condition`, field("customer", "employee_count"), { op: "gt", value: num(5) }),
      cond(`${P}.and[1].condition`, field("customer", "tax_exempt"), { op: "eq", value: { kind: "bool", value: false } }),
    ),
    costClass: CostClass.FULL_SCAN,
    warnings: [
      `${P}.and[0].condition: condition on employee_count cannot use an index: the field is not indexed`,
      `${P}.and[1].condition: condition on tax_exempt cannot use an index: the field is not indexed`,
      `${P}.and[0].condition: customers is scanned in full (about ROWS rows) for this condition on employee_count`,
      `${P}.and[1].condition: customers is scanned in full (about ROWS rows) for this condition on tax_exempt`,
    ],
  },
  {
    name: "a regex scans the customers, warned at the regex",
    expr: cond(`${P}.condition`, field("customer", "email"), matches("[^\\n]*@example\\.com")),
    costClass: CostClass.FULL_SCAN,
    warnings: [
      `${P}.condition: regex match on email starts with a leading wildcard and cannot use an index`,
      `${P}.condition: customers is scanned in full (about ROWS rows) for this condition on email`,
    ],
  },
  {
    name: "an indexed condition next to a regex is still one index lookup",
    expr: and(
      P,
      cond(`${P}.and[0].condition`, field("customer", "id"), { op: "eq", value: num(5) }),
      cond(`${P}.and[1].condition`, field("customer", "email"), matches("a[^\\n]*")),
    ),
    costClass: CostClass.INDEXED,
    warnings: [`${P}.and[1].condition: regex match on email cannot use an index`],
  },
];

/** Warnings as `path: message` with row estimates replaced by ROWS. */
function warningLines(cost: { warnings: ReadonlyArray<{ path: string; message: string }> }): string[] {
  return cost.warnings.map((w) => `${w.path}: ${w.message.replace(/about \d+ rows/g, "about ROWS rows")}`);
}

describe("estimateCost on MariaDB with a few thousand customers", () => {
  let knex: Knex;
  let runExplain: RunExplain;
  beforeAll(async () => {
    knex = await openExplainTestDb();
    runExplain = knexExplainRunner(knex, { dialect: "mariadb", timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it.each(CLASS_CASES)("$name", async ({ expr, costClass, warnings }) => {
    const cost = await estimateCost(expr, { runExplain, dialect: "mariadb", instantMs: INSTANT_MS, now: () => NOW_MS });
    expect(CostClass[cost.costClass]).toBe(CostClass[costClass]);
    expect(warningLines(cost)).toEqual(warnings);
    expect(cost.tables.length).toBeGreaterThan(0);
    expect(cost.estimatedRowsExamined).toBe(cost.tables.filter((t) => t.table === "customers").reduce((sum, t) => sum + t.rows, 0n));
    expect(cost.queryCost).toBeGreaterThan(0);
    expect(timestampDate(cost.computeTime!).getTime()).toBe(NOW_MS);
  });

  it("ranks a full scan above an index lookup", async () => {
    const options = { runExplain, dialect: "mariadb", instantMs: INSTANT_MS } as const;
    const lookup = await estimateCost(cond(P, field("customer", "country"), { op: "eq", value: str("DE") }), options);
    const scan = await estimateCost(cond(P, field("customer", "name"), { op: "eq", value: str("x") }), options);
    expect(scan.estimatedRowsExamined).toBeGreaterThan(lookup.estimatedRowsExamined);
    expect(scan.queryCost).toBeGreaterThan(lookup.queryCost);
  });

  it("explainExpr returns the member scan, its bindings as text, the raw plan and the cost", async () => {
    const expr = and(
      P,
      cond(`${P}.and[0].condition`, field("customer", "country"), { op: "in", values: [str("DE"), str("FR")] }),
      relation(`${P}.and[1].relation`, "invoices", { kind: "count", test: { op: "gte", value: num(2) } }, null, {
        kind: "period",
        from: { kind: "relative_time", amount: -30, unit: "day" },
        to: null,
      }),
    );
    const explanation = await explainExpr(expr, { runExplain, dialect: "mariadb", instantMs: INSTANT_MS, now: () => NOW_MS });
    const plan = compileMembersQuery(expr, { instantMs: INSTANT_MS, dialect: "mariadb" });
    expect(explanation.sql).toBe(plan.sql);
    expect(explanation.bindings).toEqual(["DE", "FR", "2025-03-01 10:15:00.000", "2"]);
    expect(explanation.dialect).toBe("mariadb");
    expect(JSON.parse(explanation.explainJson)).toHaveProperty("query_block");
    expect(explanation.cost).toEqual(costFromExplain(expr, explanation.explainJson, NOW_MS));
    expect(explanation.cost?.tables.map((t) => t.table).sort()).toEqual(["customers", "invoices"]);
  });
});

describe("estimateCost with an injected EXPLAIN (MySQL plans)", () => {
  it("compiles the member scan, EXPLAINs exactly it and keeps MySQL's query_cost", async () => {
    const seen: SqlPlan[] = [];
    const expr = cond(`${P}.condition`, field("customer", "email"), matches("[^\\n]*@example\\.com"));
    const cost = await estimateCost(expr, {
      runExplain: async (plan) => {
        seen.push(plan);
        return readFixture("mysql", "regex-full-table-scan");
      },
      dialect: "mysql",
      instantMs: INSTANT_MS,
      now: () => NOW_MS,
    });
    expect(seen).toEqual([compileMembersQuery(expr, { instantMs: INSTANT_MS, dialect: "mysql" })]);
    expect(toJson(EvaluationCostSchema, cost)).toEqual({
      costClass: "COST_CLASS_FULL_SCAN",
      estimatedRowsExamined: "2980",
      queryCost: 305.25,
      tables: [{ table: "customers", accessType: "ALL", rows: "2980", filtered: 92.62 }],
      warnings: [
        { path: `${P}.condition`, message: "regex match on email starts with a leading wildcard and cannot use an index" },
        { path: `${P}.condition`, message: "customers is scanned in full (about 2980 rows) for this condition on email" },
      ],
      computeTime: "2025-06-01T12:00:00.250Z",
    });
  });

  it("names derived tables as the plan does and related rows by their table", () => {
    const expr = relation(`${P}.relation`, "invoices", { kind: "all" }, cond("w", field("invoices", "status"), { op: "eq", value: str("paid") }), { kind: "last", n: 3 });
    const cost = costFromExplain(expr, readFixture("mysql", "not-in-window-derived"), NOW_MS);
    expect(cost.tables.map((t) => [t.table, t.accessType, t.index, t.rows])).toEqual([
      ["customers", "index", "PRIMARY", 2980n],
      ["<materialized_subquery>", "eq_ref", "<auto_distinct_key>", 2980n],
      ["w", "ALL", "", 21304n],
      ["invoices", "ALL", "", 21304n],
    ]);
    expect(cost.estimatedRowsExamined).toBe(24284n);
    expect(cost.queryCost).toBe(305.25);
    expect(cost.costClass).toBe(CostClass.FULL_SCAN);
    expect(cost.warnings.map((w) => w.path)).toEqual([`${P}.relation`, `${P}.relation`]);
  });

  it("an unreadable plan gives an unspecified cost rather than an error", () => {
    const cost = costFromExplain(cond(P, field("customer", "id"), { op: "eq", value: num(1) }), "EXPLAIN not supported", NOW_MS);
    expect(cost.costClass).toBe(CostClass.UNSPECIFIED);
    expect(cost.tables).toEqual([]);
    expect(cost.estimatedRowsExamined).toBe(0n);
  });

  it("passes compile errors and EXPLAIN failures on", async () => {
    const options = { runExplain: async () => "{}", dialect: "mysql", instantMs: INSTANT_MS } as const;
    const unexpanded: Expr = { kind: "segment", path: `${P}.segment`, segmentId: "seg_1", body: null, version: 0 };
    await expect(estimateCost(unexpanded, options)).rejects.toBeInstanceOf(UnexpandedSegmentError);
    const failing = { ...options, runExplain: async () => Promise.reject(new Error("connection lost")) };
    await expect(explainExpr(cond(P, field("customer", "id"), { op: "eq", value: num(1) }), failing)).rejects.toThrow("connection lost");
  });
});

describe("bindingText", () => {
  it.each([
    ["DE", "DE"],
    [42, "42"],
    [-1.5, "-1.5"],
    [true, "true"],
    [false, "false"],
    [null, "NULL"],
    ["", ""],
  ] as const)("%j → %j", (value, text) => {
    expect(bindingText(value)).toBe(text);
  });
});
