import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/ir/nodes.js";
import { parseExplainJson } from "../../src/explain/parse-explain-json.js";
import { costWarnings, hasLeadingWildcard, planWarnings, predicateWarnings } from "../../src/explain/predicate-warnings.js";
import { readFixture } from "./fixtures/read-fixture.js";
import { and, cond, customField, field, matches, not, num, or, relation, str } from "./ir.js";

const P = "predicate";

describe("hasLeadingWildcard (normalized patterns)", () => {
  it.each([
    ["[^\\n]*@example\\.com", true],
    ["[^\\n]+x", true],
    ["(?:[^\\n]*)a", true],
    ["(?:(?:[^\\n]*?)z)", true],
    ["[^\\t\\n\\x0B\\x0C\\r ]*@x\\.com", true],
    ["[A-Za-z0-9_]{2,}@x", true],
    ["[^\\]]*x", true],
    [".*x", true],
    ["\\d+", true],
    ["abc[^\\n]*", false],
    ["[^\\n]{2}x", false],
    ["[^\\n]{2,5}x", false],
    ["[^\\n]?x", false],
    ["[0-9]x", false],
    ["(?:a|[^\\n]*)b", false],
    ["a", false],
    ["[unterminated", false],
    ["", false],
  ])("%s → %s", (pattern, expected) => {
    expect(hasLeadingWildcard(pattern)).toBe(expected);
  });
});

describe("predicateWarnings (from the predicate alone)", () => {
  const cases: ReadonlyArray<{ name: string; expr: Expr; warnings: Array<{ path: string; message: string }> }> = [
    { name: "an indexed equality has none", expr: cond(P, field("customer", "country"), { op: "eq", value: str("DE") }), warnings: [] },
    {
      name: "a regex cannot use an index",
      expr: cond(`${P}.condition`, field("customer", "email"), matches("ab[^\\n]*")),
      warnings: [{ path: `${P}.condition`, message: "regex match on email cannot use an index" }],
    },
    {
      name: "a regex with a leading wildcard says so",
      expr: cond(`${P}.condition`, field("customer", "email"), matches("[^\\n]*@example\\.com", true)),
      warnings: [{ path: `${P}.condition`, message: "regex match on email starts with a leading wildcard and cannot use an index" }],
    },
    {
      name: "an unindexed customer field, under and/or/not, at each path",
      expr: and(
        P,
        cond(`${P}.and[0].condition`, field("customer", "country"), { op: "eq", value: str("DE") }),
        or(
          `${P}.and[1]`,
          cond(`${P}.and[1].or[0].condition`, field("customer", "name"), { op: "eq", value: str("x") }),
          not(`${P}.and[1].or[1]`, cond(`${P}.and[1].or[1].not.condition`, field("customer", "employee_count"), { op: "gt", value: num(5) })),
        ),
      ),
      warnings: [
        { path: `${P}.and[1].or[0].condition`, message: "condition on name cannot use an index: the field is not indexed" },
        { path: `${P}.and[1].or[1].not.condition`, message: "condition on employee_count cannot use an index: the field is not indexed" },
      ],
    },
    {
      name: "an unindexed custom field",
      expr: cond(`${P}.condition`, customField("nickname", 3, false), { op: "eq", value: str("x") }),
      warnings: [{ path: `${P}.condition`, message: "condition on custom.nickname cannot use an index: the field is not indexed" }],
    },
    {
      name: "unindexed filters inside a relation are not flagged, regexes are",
      expr: relation(
        `${P}.relation`,
        "invoices",
        { kind: "any" },
        and(
          `${P}.relation.where`,
          cond(`${P}.relation.where.and[0].condition`, field("invoices", "total"), { op: "gt", value: num(100) }),
          cond(`${P}.relation.where.and[1].condition`, field("invoices", "number"), matches("[^\\n]*-7")),
        ),
      ),
      warnings: [{ path: `${P}.relation.where.and[1].condition`, message: "regex match on number starts with a leading wildcard and cannot use an index" }],
    },
    {
      name: "an expanded segment reference warns at the referenced segment's paths",
      expr: {
        kind: "segment",
        path: `${P}.segment`,
        segmentId: "seg_1",
        version: 2,
        body: cond("segment(seg_1).predicate.condition", field("customer", "tax_exempt"), { op: "eq", value: { kind: "bool", value: true } }),
      },
      warnings: [{ path: "segment(seg_1).predicate.condition", message: "condition on tax_exempt cannot use an index: the field is not indexed" }],
    },
  ];

  it.each(cases)("$name", ({ expr, warnings }) => {
    expect(predicateWarnings(expr)).toEqual(warnings);
  });
});

describe("planWarnings (full scans traced to predicate nodes)", () => {
  it("a full scan of customers names the customer conditions", () => {
    const expr = and(
      P,
      cond(`${P}.and[0].condition`, field("customer", "name"), { op: "eq", value: str("x") }),
      relation(`${P}.and[1].relation`, "subscriptions", { kind: "any" }, null),
    );
    expect(planWarnings(expr, parseExplainJson(readFixture("mariadb", "full-index-scan")))).toEqual([
      { path: `${P}.and[0].condition`, message: "customers is scanned in full (about 2980 rows) for this condition on name" },
    ]);
  });

  it("a full scan of customers without customer conditions names what is evaluated per customer", () => {
    const expr = relation(`${P}.relation`, "subscriptions", { kind: "count", test: { op: "gt", value: num(1) } }, null);
    expect(planWarnings(expr, parseExplainJson(readFixture("mariadb", "correlated-count-expression-cache")))).toEqual([
      {
        path: `${P}.relation`,
        message: "customers is scanned in full (about 2980 rows): no indexed customer condition narrows the customers this relation over subscriptions is evaluated for",
      },
    ]);
  });

  it("a full scan by the edge probe of a last-N window names only the last-N relation", () => {
    const expr = and(
      P,
      relation(`${P}.and[0].relation`, "invoices", { kind: "all" }, cond("w", field("invoices", "status"), { op: "eq", value: str("paid") }), { kind: "last", n: 3 }),
      relation(`${P}.and[1].relation`, "invoices", { kind: "none" }, cond("w", field("invoices", "status"), { op: "eq", value: str("open") })),
    );
    // Both relations read invoices; only the edge probe `n` scans (IGNORE INDEX when the fixture was recorded).
    expect(planWarnings(expr, parseExplainJson(readFixture("mariadb", "last-n-edge-full-scan")))).toEqual([
      { path: `${P}.and[0].relation`, message: "customers is scanned in full (about 2980 rows): no indexed customer condition narrows the customers this relation over invoices is evaluated for" },
      { path: `${P}.and[1].relation`, message: "customers is scanned in full (about 2980 rows): no indexed customer condition narrows the customers this relation over invoices is evaluated for" },
      { path: `${P}.and[0].relation`, message: "invoices is scanned in full (about 20776 rows) for this relation over invoices" },
    ]);
  });

  it("the index a related-row read uses tells which relation it belongs to", () => {
    const expr = or(
      P,
      relation(`${P}.or[0].relation`, "subscriptions", { kind: "any" }, null),
      relation(`${P}.or[1].relation`, "invoices", { kind: "any" }, cond("w", field("invoices", "status"), { op: "eq", value: str("open") })),
    );
    expect(planWarnings(expr, parseExplainJson(readFixture("mariadb", "semijoin-loose-scan")))).toEqual([
      { path: `${P}.or[1].relation`, message: "invoices is scanned in full (about 21304 rows) for this relation over invoices" },
    ]);
  });

  it("without any hint a related-row scan names every relation it could be", () => {
    const expr = or(
      P,
      relation(`${P}.or[0].relation`, "subscriptions", { kind: "any" }, null),
      relation(`${P}.or[1].relation`, "invoices", { kind: "any" }, null),
    );
    const plan = parseExplainJson('{"query_block": {"nested_loop": [{"table": {"table_name": "r", "access_type": "ALL", "rows": 500}}]}}');
    expect(planWarnings(expr, plan).map((w) => w.path)).toEqual([`${P}.or[0].relation`, `${P}.or[1].relation`]);
  });

  it("repeated scans are reported with their count", () => {
    const expr = and(
      P,
      cond(`${P}.and[0].condition`, field("customer", "employee_count"), { op: "gt", value: num(5) }),
      relation(`${P}.and[1].relation`, "invoices", { kind: "any" }, null),
    );
    const plan = parseExplainJson(readFixture("mariadb", "range-checked-for-each-record"));
    expect(planWarnings(expr, plan)).toEqual([
      { path: `${P}.and[0].condition`, message: "customers is scanned in full (about 2980 rows) for this condition on employee_count" },
      { path: `${P}.and[1].relation`, message: "invoices is scanned in full (about 21304 rows per scan, about 2980 scans) for this relation over invoices" },
    ]);
  });

  it("a full scan of a table no node reads points at the root", () => {
    const expr = cond(`${P}.condition`, field("customer", "country"), { op: "eq", value: str("DE") });
    const plan = parseExplainJson('{"query_block": {"nested_loop": [{"table": {"table_name": "mystery", "access_type": "ALL", "rows": 500}}, {"table": {"table_name": "mystery", "access_type": "ALL", "rows": 500}}]}}');
    expect(planWarnings(expr, plan)).toEqual([
      { path: `${P}.condition`, message: "mystery is scanned in full (about 500 rows) to evaluate this predicate" },
      { path: `${P}.condition`, message: "mystery is scanned in full (about 500 rows per scan, about 500 scans) to evaluate this predicate" },
    ]);
  });

  it("indexed and partial plans give no plan warnings", () => {
    const expr = cond(`${P}.condition`, field("customer", "country"), { op: "eq", value: str("DE") });
    for (const name of ["point-lookup", "ref-secondary-index", "range-filesort"]) {
      expect(planWarnings(expr, parseExplainJson(readFixture("mariadb", name)))).toEqual([]);
      expect(planWarnings(expr, parseExplainJson(readFixture("mysql", name)))).toEqual([]);
    }
  });
});

describe("costWarnings", () => {
  it("lists static warnings first, then plan warnings, without duplicates", () => {
    const regex = cond(`${P}.and[0].condition`, field("customer", "email"), matches("[^\\n]*@example\\.com"));
    const expr = and(P, regex, regex);
    expect(costWarnings(expr, parseExplainJson(readFixture("mysql", "regex-full-table-scan")))).toEqual([
      { path: `${P}.and[0].condition`, message: "regex match on email starts with a leading wildcard and cannot use an index" },
      { path: `${P}.and[0].condition`, message: "customers is scanned in full (about 2980 rows) for this condition on email" },
    ]);
  });
});
