/** Valid predicates lower to the expected IR trees (src/ir/nodes.ts). */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import {
  Operator,
  PredicateSchema,
  Quantifier,
  Scope,
  TimeUnit,
} from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { ColumnField } from "../../src/ir/field-types.js";
import type { Expr } from "../../src/ir/nodes.js";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";
import { CATALOG, cond, field, lowerJson, rel } from "./lower-fixtures.js";

const INT_MAX = 9007199254740991;

function testOf(expr: Expr): unknown {
  if (expr.kind !== "condition") throw new Error(`expected a condition, got ${expr.kind}`);
  return expr.test;
}

function quantifierOf(expr: Expr): unknown {
  if (expr.kind !== "relation") throw new Error(`expected a relation, got ${expr.kind}`);
  return expr.quantifier;
}

describe("lowerPredicate (JSON form)", () => {
  it("lowers the curl example to an and of one condition", () => {
    const expr = lowerJson({
      and: { predicates: [{ condition: { field: "country", operator: "OPERATOR_EQ", value: { stringValue: "DE" } } }] },
    });
    expect(expr).toEqual({
      kind: "and",
      path: "predicate.and",
      items: [
        {
          kind: "condition",
          path: "predicate.and[0].condition",
          field: field("customer", "country"),
          test: { op: "eq", value: { kind: "string", value: "DE" } },
        },
      ],
    });
  });

  it("lowers a relation with where, window and an avg comparison", () => {
    const expr = lowerJson(
      rel({
        scope: "SCOPE_INVOICES",
        quantifier: "QUANTIFIER_AVG",
        aggregateField: "total",
        where: { not: cond("status", "OPERATOR_IN", { list: { values: [{ stringValue: "void" }, { stringValue: "draft" }] } }) },
        window: { period: { from: { relative: { amount: "-3", unit: "TIME_UNIT_MONTH" } }, to: { absolute: "2024-06-01T00:00:00.250Z" } } },
        comparison: { operator: "OPERATOR_GT", value: { decimalValue: "012.50" } },
      }),
    );
    expect(expr).toEqual({
      kind: "relation",
      path: "predicate.relation",
      scope: "invoices",
      quantifier: { kind: "avg", field: field("invoices", "total"), test: { op: "gt", value: { kind: "decimal", value: "12.5" } } },
      where: {
        kind: "not",
        path: "predicate.relation.where.not",
        item: {
          kind: "condition",
          path: "predicate.relation.where.not.condition",
          field: field("invoices", "status"),
          test: { op: "in", values: [{ kind: "string", value: "void" }, { kind: "string", value: "draft" }] },
        },
      },
      window: {
        kind: "period",
        from: { kind: "relative_time", amount: -3, unit: "month" },
        to: { kind: "timestamp", epochMs: Date.UTC(2024, 5, 1, 0, 0, 0, 250) },
      },
    });
  });

  it("lowers every custom field type", () => {
    const expr = lowerJson({
      or: {
        predicates: [
          cond("custom.industry", "OPERATOR_NOT_IN", { list: { values: [{ stringValue: "saas" }] } }),
          cond("custom.arr", "OPERATOR_GTE", { value: { moneyValue: "1999" } }),
          cond("custom.seats", "OPERATOR_BETWEEN", { range: { lower: { decimalValue: "1.000" }, upper: { intValue: "10" } } }),
          cond("custom.vip", "OPERATOR_EQ", { value: { boolValue: false } }),
          cond("custom.renewal_at", "OPERATOR_LT", { value: { relativeTime: { amount: "30", unit: "TIME_UNIT_DAY" } } }),
          cond("custom.region", "OPERATOR_NOT_EXISTS"),
        ],
      },
    });
    if (expr.kind !== "or") throw new Error("expected or");
    expect(expr.items.map((item) => (item.kind === "condition" ? [item.path, item.field.kind, item.field.path, item.test] : item))).toEqual([
      ["predicate.or[0].condition", "custom", "custom.industry", { op: "not_in", values: [{ kind: "string", value: "saas" }] }],
      ["predicate.or[1].condition", "custom", "custom.arr", { op: "gte", value: { kind: "number", value: 1999 } }],
      ["predicate.or[2].condition", "custom", "custom.seats", { op: "between", lower: { kind: "number", value: 1 }, upper: { kind: "number", value: 10 } }],
      ["predicate.or[3].condition", "custom", "custom.vip", { op: "eq", value: { kind: "bool", value: false } }],
      ["predicate.or[4].condition", "custom", "custom.renewal_at", { op: "lt", value: { kind: "relative_time", amount: 30, unit: "day" } }],
      ["predicate.or[5].condition", "custom", "custom.region", { op: "not_exists" }],
    ]);
  });

  it("normalizes regexes and keeps the case flag", () => {
    expect(testOf(lowerJson(cond("email", "OPERATOR_MATCHES", { pattern: { regex: ".*@example\\.com", caseInsensitive: true } })))).toEqual({
      op: "matches",
      regex: "[^\\n]*@example\\.com",
      caseInsensitive: true,
    });
    expect(testOf(lowerJson(cond("name", "OPERATOR_MATCHES", { pattern: { regex: "\\w+" } })))).toEqual({
      op: "matches",
      regex: "[A-Za-z0-9_]+",
      caseInsensitive: false,
    });
  });

  it("accepts the integer limits and canonicalizes integral decimals to numbers", () => {
    expect(testOf(lowerJson(cond("employee_count", "OPERATOR_EQ", { value: { intValue: String(INT_MAX) } })))).toEqual({
      op: "eq",
      value: { kind: "number", value: INT_MAX },
    });
    expect(testOf(lowerJson(cond("custom.arr", "OPERATOR_GT", { value: { moneyValue: String(-INT_MAX) } })))).toEqual({
      op: "gt",
      value: { kind: "number", value: -INT_MAX },
    });
    expect(testOf(lowerJson(cond("employee_count", "OPERATOR_LT", { value: { decimalValue: "-0012.000" } })))).toEqual({
      op: "lt",
      value: { kind: "number", value: -12 },
    });
  });

  it("accepts strings of 1000 characters counted as code points", () => {
    const emoji = "😀".repeat(1000);
    expect(testOf(lowerJson(cond("name", "OPERATOR_EQ", { value: { stringValue: emoji } })))).toEqual({
      op: "eq",
      value: { kind: "string", value: emoji },
    });
  });

  it("accepts ranges with equal bounds, PAD SPACE-equal strings and bounds only ordered at evaluation time", () => {
    const ranges: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
      ["employee_count", { intValue: "5" }, { decimalValue: "5.0" }],
      ["country", { stringValue: "a " }, { stringValue: "a" }],
      ["created_at", { relativeTime: { amount: "-1", unit: "TIME_UNIT_MONTH" } }, { relativeTime: { amount: "-40", unit: "TIME_UNIT_DAY" } }],
      ["created_at", { relativeTime: { amount: "1", unit: "TIME_UNIT_DAY" } }, { timestampValue: "2000-01-01T00:00:00Z" }],
    ];
    for (const [path, lower, upper] of ranges) {
      expect(testOf(lowerJson(cond(path, "OPERATOR_BETWEEN", { range: { lower, upper } as never })))).toMatchObject({ op: "between" });
    }
  });

  it("accepts exists on a field that is never missing", () => {
    expect(testOf(lowerJson(cond("id", "OPERATOR_EXISTS")))).toEqual({ op: "exists" });
  });

  it("lowers count with last N, and sum/min/max with integer operands", () => {
    expect(
      lowerJson(rel({ scope: "SCOPE_SUBSCRIPTIONS", quantifier: "QUANTIFIER_COUNT", window: { last: 3 }, comparison: { operator: "OPERATOR_IN", list: { values: [{ intValue: "0" }, { intValue: "-1" }] } } })),
    ).toMatchObject({
      quantifier: { kind: "count", test: { op: "in", values: [{ kind: "number", value: 0 }, { kind: "number", value: -1 }] } },
      window: { kind: "last", n: 3 },
      where: null,
    });
    expect(
      quantifierOf(
        lowerJson(rel({ scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_SUM", aggregateField: "balance", comparison: { operator: "OPERATOR_BETWEEN", range: { lower: { moneyValue: "-100" }, upper: { decimalValue: "100" } } } })),
      ),
    ).toEqual({ kind: "sum", field: field("wallets", "balance"), test: { op: "between", lower: { kind: "number", value: -100 }, upper: { kind: "number", value: 100 } } });
    expect(
      quantifierOf(lowerJson(rel({ scope: "SCOPE_SUBSCRIPTIONS", quantifier: "QUANTIFIER_MAX", aggregateField: "quantity", comparison: { operator: "OPERATOR_NEQ", value: { intValue: "1" } } }))),
    ).toMatchObject({ kind: "max", field: { path: "quantity", column: "quantity" } });
  });

  it("keeps avg integers as numbers and avg decimals beyond 2^53 as decimals", () => {
    const avg = (value: Record<string, unknown>) =>
      quantifierOf(lowerJson(rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_AVG", aggregateField: "amount_due", comparison: { operator: "OPERATOR_LTE", value: value as never } })));
    expect(avg({ decimalValue: "3.0" })).toMatchObject({ test: { value: { kind: "number", value: 3 } } });
    expect(avg({ intValue: "7" })).toMatchObject({ test: { value: { kind: "number", value: 7 } } });
    expect(avg({ decimalValue: "-0.0000000001" })).toMatchObject({ test: { value: { kind: "decimal", value: "-0.0000000001" } } });
    expect(avg({ decimalValue: "12345678901234567890" })).toMatchObject({ test: { value: { kind: "decimal", value: "12345678901234567890" } } });
  });

  it("lowers a where on its own in a relation scope", () => {
    expect(lowerPredicate(create(PredicateSchema, { node: { case: "condition", value: { field: "balance", operator: Operator.LT, operand: { case: "value", value: { kind: { case: "intValue", value: 0n } } } } } }), "where", CATALOG, "wallets")).toEqual({
      kind: "condition",
      path: "where.condition",
      field: field("wallets", "balance"),
      test: { op: "lt", value: { kind: "number", value: 0 } },
    });
  });
});

describe("lowerPredicate (create form)", () => {
  it("lowers a full tree of and / not / relation / segment", () => {
    const predicate = create(PredicateSchema, {
      node: {
        case: "and",
        value: {
          predicates: [
            { node: { case: "not", value: { node: { case: "condition", value: { field: "tier", operator: Operator.EQ, operand: { case: "value", value: { kind: { case: "stringValue", value: "free" } } } } } } } },
            {
              node: {
                case: "relation",
                value: {
                  scope: Scope.SUBSCRIPTIONS,
                  quantifier: Quantifier.ALL,
                  where: {
                    node: {
                      case: "or",
                      value: {
                        predicates: [
                          { node: { case: "condition", value: { field: "status", operator: Operator.EQ, operand: { case: "value", value: { kind: { case: "stringValue", value: "active" } } } } } },
                          { node: { case: "condition", value: { field: "trial_end", operator: Operator.GTE, operand: { case: "value", value: { kind: { case: "timestampValue", value: timestampFromMs(Date.UTC(2024, 1, 29, 12, 34, 56, 789)) } } } } } },
                        ],
                      },
                    },
                  },
                  window: { kind: { case: "period", value: { from: { kind: { case: "relative", value: { amount: -2n, unit: TimeUnit.WEEK } } } } } },
                },
              },
            },
            { node: { case: "segment", value: { segmentId: "seg_paying" } } },
          ],
        },
      },
    });
    const expected: Expr = {
      kind: "and",
      path: "predicate.and",
      items: [
        {
          kind: "not",
          path: "predicate.and[0].not",
          item: { kind: "condition", path: "predicate.and[0].not.condition", field: field("customer", "tier"), test: { op: "eq", value: { kind: "string", value: "free" } } },
        },
        {
          kind: "relation",
          path: "predicate.and[1].relation",
          scope: "subscriptions",
          quantifier: { kind: "all" },
          where: {
            kind: "or",
            path: "predicate.and[1].relation.where.or",
            items: [
              { kind: "condition", path: "predicate.and[1].relation.where.or[0].condition", field: field("subscriptions", "status"), test: { op: "eq", value: { kind: "string", value: "active" } } },
              {
                kind: "condition",
                path: "predicate.and[1].relation.where.or[1].condition",
                field: field("subscriptions", "trial_end"),
                test: { op: "gte", value: { kind: "timestamp", epochMs: Date.UTC(2024, 1, 29, 12, 34, 56, 789) } },
              },
            ],
          },
          window: { kind: "period", from: { kind: "relative_time", amount: -2, unit: "week" }, to: null },
        },
        { kind: "segment", path: "predicate.and[2].segment", segmentId: "seg_paying", body: null, version: 0 },
      ],
    };
    expect(lowerPredicate(predicate, "predicate", CATALOG)).toEqual(expected);
  });

  it("gives the aggregate field as the catalog's column field", () => {
    const expr = lowerPredicate(
      create(PredicateSchema, {
        node: {
          case: "relation",
          value: {
            scope: Scope.INVOICES,
            quantifier: Quantifier.MIN,
            aggregateField: "amount_due",
            comparison: { operator: Operator.GT, operand: { case: "value", value: { kind: { case: "moneyValue", value: 0n } } } },
          },
        },
      }),
      "p",
      CATALOG,
    );
    const quantifier = quantifierOf(expr) as { field: ColumnField };
    expect(quantifier.field).toBe(CATALOG.field("invoices", "amount_due"));
    expect(quantifier.field.table).toBe("invoices");
  });
});
