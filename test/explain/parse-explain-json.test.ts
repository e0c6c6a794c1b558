import { describe, expect, it } from "vitest";
import { type ParsedExplain, parseExplainJson } from "../../src/explain/parse-explain-json.js";
import { readFixture } from "./fixtures/read-fixture.js";

/** [table, access type, key, rows per scan, filtered %, scans, base table, read inside a derived table] */
type Read = [string, string, string, number, number, number, boolean, boolean];

function reads(plan: ParsedExplain): Read[] {
  return plan.accesses.map((a) => [a.table, a.accessType, a.key, a.rows, a.filtered, a.scans, a.base, a.inDerivedTable]);
}

interface FixtureCase {
  readonly name: string;
  readonly reads: readonly Read[];
  /** Σ scans × rows over base tables. */
  readonly rowsExamined: number;
  /** The server's query_cost (MySQL), null when absent. */
  readonly reportedCost: number | null;
  /** The cost the plan reports or, without one, Σ scans × rows over every read. */
  readonly queryCost: number;
  readonly messages?: readonly string[];
}

// Real output of MariaDB 10.11 for the compiled member scans and a few other shapes.
const MARIADB_CASES: readonly FixtureCase[] = [
  { name: "point-lookup", reads: [["c", "const", "PRIMARY", 1, 100, 1, true, false]], rowsExamined: 1, reportedCost: null, queryCost: 1 },
  {
    name: "ref-secondary-index",
    reads: [["c", "ref", "customers_country_idx", 297, 100, 1, true, false]],
    rowsExamined: 297,
    reportedCost: null,
    queryCost: 297,
  },
  {
    name: "range-filesort",
    reads: [["c", "range", "customers_created_at_idx", 208, 100, 1, true, false]],
    rowsExamined: 208,
    reportedCost: null,
    queryCost: 208,
  },
  { name: "full-index-scan", reads: [["c", "index", "PRIMARY", 2980, 100, 1, true, false]], rowsExamined: 2980, reportedCost: null, queryCost: 2980 },
  {
    name: "regex-full-scan",
    reads: [["c", "index", "PRIMARY", 2980, 92.6174469, 1, true, false]],
    rowsExamined: 2980,
    reportedCost: null,
    queryCost: 2980,
  },
  {
    // 25 % of 21304 invoice rows survive the filter, each joins one customer.
    name: "semijoin-loose-scan",
    reads: [
      ["r", "index", "invoices_customer_status_due_idx", 21304, 25, 1, true, false],
      ["c", "eq_ref", "PRIMARY", 1, 100, 5326, true, false],
    ],
    rowsExamined: 26630,
    reportedCost: null,
    queryCost: 26630,
  },
  {
    // The expression-cached (correlated) subquery runs once per customer.
    name: "correlated-count-expression-cache",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["r", "ref", "subscriptions_customer_time_idx", 1, 100, 2980, true, false],
    ],
    rowsExamined: 5960,
    reportedCost: null,
    queryCost: 5960,
  },
  {
    // NOT IN over a materialized (uncorrelated, run once) subquery reading a ROW_NUMBER derived table.
    name: "not-in-window-derived",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["<derived3>", "ALL", "", 21304, 100, 1, false, false],
      ["r", "ALL", "", 21304, 100, 1, true, true],
    ],
    rowsExamined: 24284,
    reportedCost: null,
    queryCost: 45588,
  },
  {
    // The grouped derived table is looked up once per customer; it is materialized once.
    name: "nested-derived-window-aggregate",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["<derived3>", "ref", "key0", 2130, 100, 2980, false, false],
      ["<derived4>", "ALL", "", 21304, 100, 1, false, true],
      ["r", "ALL", "", 21304, 100, 1, true, true],
    ],
    rowsExamined: 24284,
    reportedCost: null,
    queryCost: 2980 + 2980 * 2130 + 21304 + 21304,
  },
  {
    name: "custom-field-semijoin",
    reads: [
      ["v", "ref", "custom_field_values_string_idx", 223, 100, 1, true, false],
      ["c", "eq_ref", "PRIMARY", 1, 100, 223, true, false],
    ],
    rowsExamined: 446,
    reportedCost: null,
    queryCost: 446,
  },
  {
    // index_subquery looks up `func` (the outer customer id): dependent, once per customer.
    name: "not-exists-index-subquery",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["r", "index_subquery", "invoices_customer_status_due_idx", 1, 100, 2980, true, false],
    ],
    rowsExamined: 5960,
    reportedCost: null,
    queryCost: 5960,
  },
  {
    name: "union",
    reads: [
      ["<union1,2>", "ALL", "", 0, 100, 1, false, false],
      ["customers", "ref", "customers_country_idx", 297, 100, 1, true, false],
      ["invoices", "ref", "invoices_status_due_idx", 3604, 100, 1, true, false],
    ],
    rowsExamined: 3901,
    reportedCost: null,
    queryCost: 3901,
  },
  {
    name: "semijoin-materialization",
    reads: [
      ["c", "ref", "customers_country_idx", 297, 100, 1, true, false],
      ["<subquery2>", "eq_ref", "distinct_key", 1, 100, 297, false, false],
      ["r", "ALL", "", 21304, 100, 1, true, false],
    ],
    rowsExamined: 21601,
    reportedCost: null,
    queryCost: 21898,
  },
  {
    name: "duplicates-removal",
    reads: [
      ["c", "index", "customers_created_at_idx", 2980, 100, 1, true, false],
      ["r", "ref", "invoices_customer_time_idx", 4, 100, 2980, true, false],
    ],
    rowsExamined: 14900,
    reportedCost: null,
    queryCost: 14900,
  },
  {
    name: "first-match",
    reads: [
      ["c", "index", "customers_created_at_idx", 2980, 100, 1, true, false],
      ["r", "ref", "invoices_customer_time_idx", 4, 100, 2980, true, false],
    ],
    rowsExamined: 14900,
    reportedCost: null,
    queryCost: 14900,
  },
  {
    // A lateral derived table is filled once per row of the tables before it.
    name: "lateral-derived",
    reads: [
      ["c", "ref", "customers_country_idx", 297, 100, 1, true, false],
      ["<derived2>", "ref", "key0", 2, 100, 297, false, false],
      ["invoices", "ref", "invoices_customer_time_idx", 4, 100, 297, true, true],
    ],
    rowsExamined: 297 + 297 * 4,
    reportedCost: null,
    queryCost: 297 + 297 * 2 + 297 * 4,
  },
  {
    name: "range-checked-for-each-record",
    reads: [
      ["c", "ALL", "", 2980, 100, 1, true, false],
      ["r", "ALL", "", 21304, 100, 2980, true, false],
    ],
    rowsExamined: 2980 + 2980 * 21304,
    reportedCost: null,
    queryCost: 2980 + 2980 * 21304,
  },
  {
    name: "block-nl-join",
    reads: [
      ["c", "ALL", "", 2980, 100, 1, true, false],
      ["r", "index", "wallets_currency_balance_idx", 3960, 100, 2980, true, false],
    ],
    rowsExamined: 2980 + 2980 * 3960,
    reportedCost: null,
    queryCost: 2980 + 2980 * 3960,
  },
  {
    // An uncorrelated subquery in HAVING is evaluated once.
    name: "having-subquery",
    reads: [
      ["invoices", "index", "invoices_customer_time_idx", 21304, 100, 1, true, false],
      ["wallets", "index", "wallets_customer_currency_uq", 3960, 100, 1, true, false],
    ],
    rowsExamined: 25264,
    reportedCost: null,
    queryCost: 25264,
  },
  { name: "impossible-where", reads: [], rowsExamined: 0, reportedCost: null, queryCost: 0, messages: ["Impossible WHERE"] },
];

// Written by hand in the MySQL 8.0 format (cost_info, rows_examined_per_scan, filtered as text).
const MYSQL_CASES: readonly FixtureCase[] = [
  { name: "point-lookup", reads: [["c", "const", "PRIMARY", 1, 100, 1, true, false]], rowsExamined: 1, reportedCost: 1, queryCost: 1 },
  {
    name: "ref-secondary-index",
    reads: [["c", "ref", "customers_country_idx", 297, 100, 1, true, false]],
    rowsExamined: 297,
    reportedCost: 60.95,
    queryCost: 60.95,
  },
  {
    name: "range-filesort",
    reads: [["c", "range", "customers_created_at_idx", 208, 100, 1, true, false]],
    rowsExamined: 208,
    reportedCost: 42.06,
    queryCost: 42.06,
  },
  { name: "full-index-scan", reads: [["c", "index", "PRIMARY", 2980, 10, 1, true, false]], rowsExamined: 2980, reportedCost: 303.25, queryCost: 303.25 },
  { name: "regex-full-table-scan", reads: [["c", "ALL", "", 2980, 92.62, 1, true, false]], rowsExamined: 2980, reportedCost: 305.25, queryCost: 305.25 },
  {
    name: "semijoin-first-match",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["r", "ref", "invoices_customer_status_due_idx", 1, 100, 2980, true, false],
    ],
    rowsExamined: 5960,
    reportedCost: 1647.54,
    queryCost: 1647.54,
  },
  {
    // A dependent attached subquery runs once per row examined at its table.
    name: "correlated-count-attached-subquery",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["r", "ref", "subscriptions_customer_time_idx", 2, 100, 2980, true, false],
    ],
    rowsExamined: 2980 + 2980 * 2,
    reportedCost: 305.25,
    queryCost: 305.25,
  },
  {
    // The materialized IN subquery is built once although MySQL marks it dependent.
    name: "not-in-window-derived",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["<materialized_subquery>", "eq_ref", "<auto_distinct_key>", 1, 100, 2980, false, false],
      ["w", "ALL", "", 21304, 3.33, 1, false, false],
      ["r", "ALL", "", 21304, 100, 1, true, true],
    ],
    rowsExamined: 24284,
    reportedCost: 305.25,
    queryCost: 305.25,
  },
  {
    name: "custom-field-duplicates-removal",
    reads: [
      ["v", "ref", "custom_field_values_string_idx", 223, 100, 1, true, false],
      ["c", "eq_ref", "PRIMARY", 1, 100, 223, true, false],
    ],
    rowsExamined: 446,
    reportedCost: 146.23,
    queryCost: 146.23,
  },
  {
    name: "antijoin-not-exists",
    reads: [
      ["c", "index", "PRIMARY", 2980, 100, 1, true, false],
      ["r", "ref", "verifications_customer_kind_idx", 1, 100, 2980, true, false],
    ],
    rowsExamined: 5960,
    reportedCost: 1349.54,
    queryCost: 1349.54,
  },
  {
    // No query_cost at the top of a UNION: the cost is derived from rows × filtered.
    name: "union",
    reads: [
      ["<union1,2>", "ALL", "", 0, 100, 1, false, false],
      ["customers", "ref", "customers_country_idx", 297, 100, 1, true, false],
      ["invoices", "ALL", "", 21304, 16.92, 1, true, false],
    ],
    rowsExamined: 21601,
    reportedCost: null,
    queryCost: 21601,
  },
  { name: "impossible-where", reads: [], rowsExamined: 0, reportedCost: null, queryCost: 0, messages: ["Impossible WHERE"] },
  {
    // HAVING subquery once (not dependent), select-list subquery once per produced row.
    name: "optimized-away-and-select-list-subqueries",
    reads: [
      ["invoices", "index", "invoices_customer_time_idx", 21304, 100, 1, true, false],
      ["wallets", "index", "wallets_customer_currency_uq", 3960, 100, 1, true, false],
      ["c", "eq_ref", "PRIMARY", 1, 100, 21304, true, false],
    ],
    rowsExamined: 21304 + 3960 + 21304,
    reportedCost: 2154.2,
    queryCost: 2154.2,
    messages: ["Select tables optimized away"],
  },
];

describe.each([
  ["MariaDB 10.11", "mariadb", MARIADB_CASES],
  ["MySQL 8.0", "mysql", MYSQL_CASES],
] as const)("parseExplainJson on %s plans", (_title, dialect, cases) => {
  it.each(cases)("$name", (c) => {
    const plan = parseExplainJson(readFixture(dialect, c.name));
    expect(plan.recognized).toBe(true);
    expect(reads(plan)).toEqual(c.reads);
    expect(plan.rowsExamined).toBeCloseTo(c.rowsExamined, 6);
    expect(plan.reportedCost).toBe(c.reportedCost);
    expect(plan.queryCost).toBeCloseTo(c.queryCost, 6);
    expect(plan.messages).toEqual(c.messages ?? []);
  });
});

describe("parseExplainJson never throws on unexpected input", () => {
  it.each([
    ["not JSON", "{ query_block: ", false],
    ["JSON without a query block", '{"rows": 5}', false],
    ["a JSON array", "[1, 2]", false],
    ["a JSON string", '"EXPLAIN"', false],
    ["null", "null", false],
    ["a query block that is an array", '{"query_block": []}', false],
    ["an empty query block", '{"query_block": {}}', true],
  ])("%s", (_name, text, recognized) => {
    const plan = parseExplainJson(text);
    expect(plan.recognized).toBe(recognized);
    expect(plan.accesses).toEqual([]);
    expect(plan.queryCost).toBe(0);
    if (!recognized) expect(plan.messages.length).toBeGreaterThan(0);
  });

  it("reads what it can around unknown keys, wrong types and missing numbers", () => {
    const plan = parseExplainJson(
      JSON.stringify({
        query_block: {
          select_id: "one",
          some_future_wrapper: {
            nested_loop: [
              { table: { table_name: "c", access_type: 7, rows: "many", filtered: "n/a", possible_keys: ["a", 3, null] } },
              { table: { table_name: "r", access_type: "ref", key: "k", rows: "12", filtered: "50.00", unknown: { deeper: [1, { x: null }] } } },
              { table: { message: "no matching row in const table" } },
              "junk",
              42,
            ],
          },
        },
      }),
    );
    expect(reads(plan)).toEqual([
      ["c", "", "", 0, 100, 1, true, false],
      ["r", "ref", "k", 12, 50, 1, true, false],
    ]);
    expect(plan.messages).toEqual(["no matching row in const table"]);
  });

  it("clamps filtered to 0..100 and ignores negative or non-finite rows", () => {
    const plan = parseExplainJson('{"query_block": {"nested_loop": [{"table": {"table_name": "a", "rows": -5, "filtered": 250}}, {"table": {"table_name": "b", "rows": 1e400, "filtered": -3}}]}}');
    expect(plan.accesses.map((a) => [a.rows, a.filtered])).toEqual([
      [0, 100],
      [0, 0],
    ]);
  });

  it("stays finite when fan-outs multiply beyond any real table", () => {
    const huge = { table_name: "t", access_type: "ALL", rows: 1e12, filtered: 100 };
    const plan = parseExplainJson(JSON.stringify({ query_block: { nested_loop: [{ table: huge }, { table: huge }, { table: huge }] } }));
    expect(Number.isFinite(plan.rowsExamined)).toBe(true);
    expect(plan.rowsExamined).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("survives nesting deeper than any real plan", () => {
    let block: Record<string, unknown> = { table: { table_name: "deepest", access_type: "ALL", rows: 1 } };
    for (let i = 0; i < 400; i += 1) block = { nested_loop: [{ table: { table_name: `t${i}`, access_type: "ref", rows: 1, materialized: { query_block: block } } }] };
    const plan = parseExplainJson(JSON.stringify({ query_block: block }));
    expect(plan.recognized).toBe(true);
    expect(plan.accesses.length).toBeGreaterThan(100);
    expect(plan.messages.some((m) => m.includes("too deeply"))).toBe(true);
  });

  it("takes MariaDB 11's query_block.cost when there is no cost_info", () => {
    const plan = parseExplainJson('{"query_block": {"select_id": 1, "cost": 0.0123, "nested_loop": [{"table": {"table_name": "c", "access_type": "ALL", "rows": 50}}]}}');
    expect(plan.reportedCost).toBe(0.0123);
    expect(plan.queryCost).toBe(0.0123);
    expect(plan.derivedCost).toBe(50);
  });
});
