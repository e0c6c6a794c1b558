/**
 * Every validation rule of lowering: the predicate (in the JSON form curl users send), the
 * exact path of the rejected node, and fragments of the message.
 */
import type { JsonValue } from "@bufbuild/protobuf";
import { describe, it } from "vitest";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";
import { CATALOG, cond, expectInvalid, lowerJson, rel } from "./lower-fixtures.js";

const DE = { value: { stringValue: "DE" } };
const ok = cond("country", "OPERATOR_EQ", DE);
const int = (n: number | string): JsonValue => ({ intValue: String(n) });
const ts = (iso: string): JsonValue => ({ timestampValue: iso });
const relative = (amount: number, unit: string): JsonValue => ({ relativeTime: { amount: String(amount), unit } });
const invoices = (extra: Record<string, JsonValue>): JsonValue =>
  rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_ANY", ...extra });
const countInvoices = (comparison: JsonValue, extra: Record<string, JsonValue> = {}): JsonValue =>
  rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_COUNT", comparison, ...extra });

/** [rule, predicate JSON, path, ...message fragments] */
type Case = readonly [string, JsonValue, string, ...string[]];

const NODE_RULES: readonly Case[] = [
  ["an unset node", {}, "predicate", "predicate node is not set", "and, or, not, condition, relation, segment"],
  ["an empty and", { and: {} }, "predicate.and", "and needs at least one predicate"],
  ["an empty or", { or: { predicates: [] } }, "predicate.or", "or needs at least one predicate"],
  ["an unset child of and", { and: { predicates: [ok, {}] } }, "predicate.and[1]", "predicate node is not set"],
  ["an unset child of not", { not: {} }, "predicate.not", "predicate node is not set"],
  ["an empty nested or", { and: { predicates: [ok, ok, { or: {} }] } }, "predicate.and[2].or", "or needs at least one"],
  [
    "a bad node deep inside or/not/relation",
    { or: { predicates: [{ not: invoices({ where: cond("", "OPERATOR_EXISTS") }) }] } },
    "predicate.or[0].not.relation.where.condition.field",
    "field is required",
  ],
  ["an empty segment_id", { segment: {} }, "predicate.segment.segment_id", "segment_id is required"],
];

const FIELD_AND_OPERATOR_RULES: readonly Case[] = [
  ["a missing field", cond("", "OPERATOR_EQ", DE), "predicate.condition.field", "field is required"],
  ["a misspelt field, with suggestions", cond("contry", "OPERATOR_EQ", DE), "predicate.condition.field", 'unknown field "contry"', "did you mean country"],
  [
    "an unknown custom field",
    cond("custom.industri", "OPERATOR_EXISTS"),
    "predicate.condition.field",
    'no custom field has the key "industri"',
    "did you mean custom.industry",
  ],
  ["a relation field at customer level", cond("plan", "OPERATOR_EXISTS"), "predicate.condition.field", '"plan" is a field of SCOPE_SUBSCRIPTIONS'],
  ["a field found nowhere", cond("zzzzzzzz", "OPERATOR_EXISTS"), "predicate.condition.field", "ListFields lists every field"],
  [
    "a customer field inside a relation's where",
    invoices({ where: cond("country", "OPERATOR_EQ", DE) }),
    "predicate.relation.where.condition.field",
    'unknown field "country" in scope SCOPE_INVOICES',
    "its fields are: id, number, status, total, amount_due, currency, issued_at, due_at, paid_at",
    "is a customer field",
  ],
  [
    "an unset operator, listing the allowed ones",
    { condition: { field: "country", value: { stringValue: "DE" } } },
    "predicate.condition.operator",
    "operator is not set",
    "allowed on field country (string): OPERATOR_EQ, OPERATOR_NEQ, OPERATOR_IN, OPERATOR_NOT_IN, OPERATOR_GT, OPERATOR_GTE, OPERATOR_LT, OPERATOR_LTE, OPERATOR_BETWEEN, OPERATOR_EXISTS, OPERATOR_NOT_EXISTS, OPERATOR_MATCHES",
  ],
  ["an unknown operator number", { condition: { field: "country", operator: 99 } }, "predicate.condition.operator", "unknown operator 99"],
  [
    "matches on an enum",
    cond("status", "OPERATOR_MATCHES", { pattern: { regex: "a.*" } }),
    "predicate.condition.operator",
    "OPERATOR_MATCHES is not allowed on field status (enum): OPERATOR_EQ, OPERATOR_NEQ, OPERATOR_IN, OPERATOR_NOT_IN, OPERATOR_EXISTS, OPERATOR_NOT_EXISTS",
  ],
  ["ordering on a bool", cond("tax_exempt", "OPERATOR_GT", { value: { boolValue: true } }), "predicate.condition.operator", "OPERATOR_GT is not allowed on field tax_exempt (bool)"],
  ["between on a custom enum", cond("custom.industry", "OPERATOR_BETWEEN"), "predicate.condition.operator", "not allowed on field custom.industry (enum)"],
];

const OPERAND_RULES: readonly Case[] = [
  ["eq without a value", cond("country", "OPERATOR_EQ"), "predicate.condition.value", "OPERATOR_EQ needs a value operand"],
  ["in given a value", cond("country", "OPERATOR_IN", DE), "predicate.condition.value", "OPERATOR_IN takes a list operand, not value"],
  ["exists given a value", cond("country", "OPERATOR_EXISTS", DE), "predicate.condition.value", "OPERATOR_EXISTS takes no operand"],
  ["not_exists given a list", cond("country", "OPERATOR_NOT_EXISTS", { list: { values: [] } }), "predicate.condition.list", "OPERATOR_NOT_EXISTS takes no operand"],
  ["between given a list", cond("employee_count", "OPERATOR_BETWEEN", { list: { values: [int(1)] } }), "predicate.condition.list", "OPERATOR_BETWEEN takes a range operand, not list"],
  ["matches without a pattern", cond("email", "OPERATOR_MATCHES"), "predicate.condition.pattern", "OPERATOR_MATCHES needs a pattern operand"],
  ["eq given a pattern", cond("email", "OPERATOR_EQ", { pattern: { regex: "a" } }), "predicate.condition.pattern", "takes a value operand, not pattern"],
  ["in with no values", cond("country", "OPERATOR_IN", { list: {} }), "predicate.condition.list.values", "OPERATOR_IN needs at least one value"],
  [
    "not_in with 1001 values",
    cond("country", "OPERATOR_NOT_IN", { list: { values: Array.from({ length: 1001 }, () => ({ stringValue: "DE" })) } }),
    "predicate.condition.list.values",
    "OPERATOR_NOT_IN takes at most 1000 values, got 1001",
  ],
  [
    "a list value of the wrong kind",
    { and: { predicates: [ok, cond("country", "OPERATOR_IN", { list: { values: [{ stringValue: "A" }, { stringValue: "B" }, { stringValue: "C" }, int(4)] } })] } },
    "predicate.and[1].condition.list.values[3]",
    "field country (string) takes string_value, got int_value",
  ],
  ["between without lower", cond("employee_count", "OPERATOR_BETWEEN", { range: { upper: int(5) } }), "predicate.condition.range.lower", "lower bound is required"],
  ["between without upper", cond("employee_count", "OPERATOR_BETWEEN", { range: { lower: int(5) } }), "predicate.condition.range.upper", "upper bound is required"],
  [
    "between with lower > upper",
    cond("employee_count", "OPERATOR_BETWEEN", { range: { lower: int(10), upper: int(5) } }),
    "predicate.condition.range",
    "lower bound 10 is greater than upper bound 5",
  ],
  [
    "between with strings out of order",
    cond("country", "OPERATOR_BETWEEN", { range: { lower: { stringValue: "b" }, upper: { stringValue: "a" } } }),
    "predicate.condition.range",
    'lower bound "b" is greater than upper bound "a"',
  ],
  [
    "between 'a' and 'a\\t', out of order under PAD SPACE ('a' is compared as 'a ')",
    cond("country", "OPERATOR_BETWEEN", { range: { lower: { stringValue: "a" }, upper: { stringValue: "a\t" } } }),
    "predicate.condition.range",
    "is greater than upper bound",
  ],
  [
    "between with timestamps out of order",
    cond("created_at", "OPERATOR_BETWEEN", { range: { lower: ts("2024-01-02T00:00:00Z"), upper: ts("2024-01-01T23:59:59.999Z") } }),
    "predicate.condition.range",
    "lower bound 2024-01-02T00:00:00.000Z is greater than upper bound 2024-01-01T23:59:59.999Z",
  ],
  [
    "between with relative times out of order",
    cond("created_at", "OPERATOR_BETWEEN", { range: { lower: relative(-1, "TIME_UNIT_DAY"), upper: relative(-25, "TIME_UNIT_HOUR") } }),
    "predicate.condition.range",
    "lower bound -1 day is greater than upper bound -25 hours",
  ],
  [
    "between with calendar units out of order",
    cond("created_at", "OPERATOR_BETWEEN", { range: { lower: relative(-1, "TIME_UNIT_YEAR"), upper: relative(-13, "TIME_UNIT_MONTH") } }),
    "predicate.condition.range",
    "lower bound -1 year is greater than upper bound -13 months",
  ],
  [
    "an invalid regex, with its position",
    cond("email", "OPERATOR_MATCHES", { pattern: { regex: "a(?=b)" } }),
    "predicate.condition.pattern.regex",
    "invalid pattern at position 1: lookahead",
  ],
  ["an empty regex", cond("email", "OPERATOR_MATCHES", { pattern: {} }), "predicate.condition.pattern.regex", "the pattern is empty"],
];

const VALUE_RULES: readonly Case[] = [
  ["an unset value kind", cond("country", "OPERATOR_EQ", { value: {} }), "predicate.condition.value", "value is not set; field country (string) takes string_value"],
  ["an integer for a string field", cond("country", "OPERATOR_EQ", { value: int(1) }), "predicate.condition.value", "takes string_value, got int_value"],
  [
    "a string for an integer field",
    cond("employee_count", "OPERATOR_EQ", { value: { stringValue: "5" } }),
    "predicate.condition.value",
    "field employee_count (integer) takes int_value, money_value or an integral decimal_value, got string_value",
  ],
  ["a bool for a money field", cond("custom.arr", "OPERATOR_EQ", { value: { boolValue: true } }), "predicate.condition.value", "field custom.arr (money) takes", "got bool_value"],
  ["a string for a bool field", cond("tax_exempt", "OPERATOR_EQ", { value: { stringValue: "true" } }), "predicate.condition.value", "takes bool_value, got string_value"],
  ["an integer for a timestamp field", cond("created_at", "OPERATOR_LT", { value: int(0) }), "predicate.condition.value", "takes timestamp_value or relative_time, got int_value"],
  ["a timestamp for a string field", cond("country", "OPERATOR_EQ", { value: ts("2024-01-01T00:00:00Z") }), "predicate.condition.value", "got timestamp_value"],
  ["an integer above 2^53-1", cond("employee_count", "OPERATOR_EQ", { value: int("9007199254740992") }), "predicate.condition.value.int_value", "9007199254740992 is out of range", "±9007199254740991"],
  ["money below -(2^53-1)", cond("custom.arr", "OPERATOR_GT", { value: { moneyValue: "-9007199254740992" } }), "predicate.condition.value.money_value", "out of range"],
  ["an integral decimal above 2^53-1", cond("employee_count", "OPERATOR_EQ", { value: { decimalValue: "9007199254740992.0" } }), "predicate.condition.value.decimal_value", "out of range"],
  ["a fractional decimal for an integer field", cond("employee_count", "OPERATOR_GT", { value: { decimalValue: "1.5" } }), "predicate.condition.value.decimal_value", "takes whole numbers; 1.5 has a fraction", "QUANTIFIER_AVG"],
  ["decimal text with an exponent", cond("employee_count", "OPERATOR_GT", { value: { decimalValue: "1e5" } }), "predicate.condition.value.decimal_value", '"1e5" is not a decimal number'],
  ["empty decimal text", cond("employee_count", "OPERATOR_GT", { value: { decimalValue: "" } }), "predicate.condition.value.decimal_value", "is not a decimal number"],
  ["a bare point", cond("employee_count", "OPERATOR_GT", { value: { decimalValue: "-." } }), "predicate.condition.value.decimal_value", "is not a decimal number"],
  ["a decimal of 39 digits", cond("employee_count", "OPERATOR_GT", { value: { decimalValue: `1${"0".repeat(38)}` } }), "predicate.condition.value.decimal_value", "more than 38 significant digits"],
  ["decimal text over 100 characters", cond("employee_count", "OPERATOR_GT", { value: { decimalValue: `${"0".repeat(100)}1` } }), "predicate.condition.value.decimal_value", "longer than 100 characters"],
  [
    "an enum value not listed, listing the allowed ones",
    cond("status", "OPERATOR_EQ", { value: { stringValue: "Active" } }),
    "predicate.condition.value.string_value",
    '"Active" is not a value of field status (enum); allowed: "active", "inactive", "suspended", "churned"',
  ],
  ["an enum value with a trailing space", cond("custom.industry", "OPERATOR_NEQ", { value: { stringValue: "saas " } }), "predicate.condition.value.string_value", 'allowed: "saas", "retail"'],
  ["a string of 1001 characters", cond("name", "OPERATOR_EQ", { value: { stringValue: "x".repeat(1001) } }), "predicate.condition.value.string_value", "longer than 1000 characters (1001)"],
  ["a timestamp with microseconds", cond("created_at", "OPERATOR_GT", { value: ts("2024-01-01T00:00:00.000500Z") }), "predicate.condition.value.timestamp_value", "millisecond precision", "nanos 500000"],
  ["a timestamp before year 1000", cond("created_at", "OPERATOR_GT", { value: ts("0999-12-31T23:59:59Z") }), "predicate.condition.value.timestamp_value", "between 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z"],
  ["a relative time without unit", cond("created_at", "OPERATOR_GT", { value: { relativeTime: { amount: "-3" } } }), "predicate.condition.value.relative_time.unit", "unit is not set; one of TIME_UNIT_SECOND, TIME_UNIT_MINUTE, TIME_UNIT_HOUR, TIME_UNIT_DAY, TIME_UNIT_WEEK, TIME_UNIT_MONTH, TIME_UNIT_YEAR"],
  ["a relative time with an unknown unit", cond("created_at", "OPERATOR_GT", { value: { relativeTime: { amount: "-3", unit: 42 } } }), "predicate.condition.value.relative_time.unit", "unknown unit 42"],
  ["a relative time over 1000 years of days", cond("created_at", "OPERATOR_GT", { value: relative(-365251, "TIME_UNIT_DAY") }), "predicate.condition.value.relative_time.amount", "amount -365251 is out of range for TIME_UNIT_DAY: at most ±365250 (1000 years)"],
  ["a relative time over 1000 years", cond("custom.renewal_at", "OPERATOR_LT", { value: relative(1001, "TIME_UNIT_YEAR") }), "predicate.condition.value.relative_time.amount", "at most ±1000 (1000 years)"],
  ["seconds over 1000 years", cond("created_at", "OPERATOR_GT", { value: relative(31557600001, "TIME_UNIT_SECOND") }), "predicate.condition.value.relative_time.amount", "±31557600000"],
];

const RELATION_RULES: readonly Case[] = [
  ["an unset scope", rel({ quantifier: "QUANTIFIER_ANY" }), "predicate.relation.scope", "scope is not set; one of SCOPE_SUBSCRIPTIONS, SCOPE_INVOICES, SCOPE_WALLETS, SCOPE_VERIFICATIONS"],
  ["an unknown scope", rel({ scope: 9, quantifier: "QUANTIFIER_ANY" }), "predicate.relation.scope", "unknown scope 9"],
  ["an unset quantifier", rel({ scope: "SCOPE_WALLETS" }), "predicate.relation.quantifier", "quantifier is not set; one of QUANTIFIER_ANY, QUANTIFIER_ALL, QUANTIFIER_NONE, QUANTIFIER_COUNT, QUANTIFIER_SUM, QUANTIFIER_MIN, QUANTIFIER_MAX, QUANTIFIER_AVG"],
  [
    "a relation inside a relation's where",
    invoices({ where: rel({ scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_ANY" }) }),
    "predicate.relation.where.relation",
    "a relation cannot appear inside a relation's where",
    "SCOPE_INVOICES",
  ],
  [
    "a segment reference inside a relation's where",
    invoices({ where: { and: { predicates: [cond("status", "OPERATOR_EQ", { value: { stringValue: "paid" } }), { segment: { segmentId: "seg_1" } }] } } }),
    "predicate.relation.where.and[1].segment",
    "a segment reference cannot appear inside a relation's where",
  ],
  ["aggregate_field with any", invoices({ aggregateField: "total" }), "predicate.relation.aggregate_field", "only used by QUANTIFIER_SUM, QUANTIFIER_MIN, QUANTIFIER_MAX and QUANTIFIER_AVG, not QUANTIFIER_ANY"],
  [
    "a comparison with all",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_ALL", comparison: { operator: "OPERATOR_GT", value: int(1) } }),
    "predicate.relation.comparison",
    "comparison is not allowed with QUANTIFIER_ALL",
  ],
  ["a comparison with none", rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_NONE", comparison: {} }), "predicate.relation.comparison", "not allowed with QUANTIFIER_NONE"],
  ["count without comparison", rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_COUNT" }), "predicate.relation.comparison", "QUANTIFIER_COUNT needs a comparison"],
  ["count with aggregate_field", countInvoices({ operator: "OPERATOR_GT", value: int(1) }, { aggregateField: "total" }), "predicate.relation.aggregate_field", "not QUANTIFIER_COUNT"],
  [
    "sum without aggregate_field",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_SUM", comparison: { operator: "OPERATOR_GT", value: int(1) } }),
    "predicate.relation.aggregate_field",
    "QUANTIFIER_SUM needs aggregate_field; aggregatable fields of SCOPE_INVOICES: total, amount_due",
  ],
  [
    "min of a non-numeric field",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_MIN", aggregateField: "status", comparison: { operator: "OPERATOR_GT", value: int(1) } }),
    "predicate.relation.aggregate_field",
    '"status" cannot be aggregated',
  ],
  [
    "max of a field of another scope",
    rel({ scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_MAX", aggregateField: "total", comparison: { operator: "OPERATOR_GT", value: int(1) } }),
    "predicate.relation.aggregate_field",
    '"total" is not a field of SCOPE_WALLETS; aggregatable fields of SCOPE_WALLETS: balance',
  ],
  ["avg without comparison", rel({ scope: "SCOPE_SUBSCRIPTIONS", quantifier: "QUANTIFIER_AVG", aggregateField: "mrr" }), "predicate.relation.comparison", "QUANTIFIER_AVG needs a comparison"],
  ["an unset comparison operator", countInvoices({ value: int(1) }), "predicate.relation.comparison.operator", "operator is not set; allowed: OPERATOR_EQ, OPERATOR_NEQ, OPERATOR_GT, OPERATOR_GTE, OPERATOR_LT, OPERATOR_LTE, OPERATOR_BETWEEN, OPERATOR_IN, OPERATOR_NOT_IN"],
  ["exists as a comparison", countInvoices({ operator: "OPERATOR_EXISTS" }), "predicate.relation.comparison.operator", "OPERATOR_EXISTS cannot compare a count"],
  ["matches as a comparison", countInvoices({ operator: "OPERATOR_MATCHES", value: int(1) }), "predicate.relation.comparison.operator", "OPERATOR_MATCHES cannot compare"],
  ["a comparison without value", countInvoices({ operator: "OPERATOR_GTE" }), "predicate.relation.comparison.value", "OPERATOR_GTE needs a value operand"],
  ["a comparison with a range for in", countInvoices({ operator: "OPERATOR_IN", range: { lower: int(1), upper: int(2) } }), "predicate.relation.comparison.range", "OPERATOR_IN takes a list operand, not range"],
  ["a fractional count", countInvoices({ operator: "OPERATOR_GT", value: { decimalValue: "1.5" } }), "predicate.relation.comparison.value.decimal_value", "the count takes whole numbers"],
  ["a string count", countInvoices({ operator: "OPERATOR_GT", value: { stringValue: "1" } }), "predicate.relation.comparison.value", "the count takes int_value, money_value or an integral decimal_value, got string_value"],
  [
    "a fractional sum",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_SUM", aggregateField: "total", comparison: { operator: "OPERATOR_GT", value: { decimalValue: "0.5" } } }),
    "predicate.relation.comparison.value.decimal_value",
    "sum of total (money) takes whole numbers",
  ],
  [
    "an avg decimal with 11 fractional digits",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_AVG", aggregateField: "total", comparison: { operator: "OPERATOR_GT", value: { decimalValue: "0.12345678901" } } }),
    "predicate.relation.comparison.value.decimal_value",
    "more than 10 digits after the point",
  ],
  [
    "a sum range out of order",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_SUM", aggregateField: "total", comparison: { operator: "OPERATOR_BETWEEN", range: { lower: int(100), upper: { decimalValue: "99" } } } }),
    "predicate.relation.comparison.range",
    "lower bound 100 is greater than upper bound 99",
  ],
  [
    "an avg range out of order by a fraction",
    rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_AVG", aggregateField: "total", comparison: { operator: "OPERATOR_BETWEEN", range: { lower: { decimalValue: "2.5" }, upper: int(2) } } }),
    "predicate.relation.comparison.range",
    "lower bound 2.5 is greater than upper bound 2",
  ],
  ["an empty comparison list", countInvoices({ operator: "OPERATOR_NOT_IN", list: {} }), "predicate.relation.comparison.list.values", "OPERATOR_NOT_IN needs at least one value"],
  ["a window without kind", invoices({ window: {} }), "predicate.relation.window", "window kind is not set; set last or period"],
  ["last 0", invoices({ window: { last: 0 } }), "predicate.relation.window.last", "last must be between 1 and 1000, got 0"],
  ["last 1001", invoices({ window: { last: 1001 } }), "predicate.relation.window.last", "got 1001"],
  ["a period without bounds", invoices({ window: { period: {} } }), "predicate.relation.window.period", "period needs at least one bound"],
  ["a period bound without kind", invoices({ window: { period: { from: {} } } }), "predicate.relation.window.period.from", "time point kind is not set; set absolute or relative"],
  [
    "a relative period bound without unit",
    invoices({ window: { period: { from: { relative: { amount: "-30" } } } } }),
    "predicate.relation.window.period.from.relative.unit",
    "unit is not set",
  ],
  [
    "a relative period bound too far",
    invoices({ window: { period: { to: { relative: { amount: "12001", unit: "TIME_UNIT_MONTH" } } } } }),
    "predicate.relation.window.period.to.relative.amount",
    "at most ±12000 (1000 years)",
  ],
  [
    "an absolute period bound with microseconds",
    invoices({ window: { period: { to: { absolute: "2024-01-01T00:00:00.000001Z" } } } }),
    "predicate.relation.window.period.to.absolute",
    "millisecond precision",
  ],
  [
    "an empty absolute period",
    invoices({ window: { period: { from: { absolute: "2024-02-01T00:00:00Z" }, to: { absolute: "2024-02-01T00:00:00Z" } } } }),
    "predicate.relation.window.period",
    "period is empty: from (2024-02-01T00:00:00.000Z) must be before to (2024-02-01T00:00:00.000Z)",
  ],
  [
    "a reversed relative period",
    invoices({ window: { period: { from: { relative: { amount: "-1", unit: "TIME_UNIT_WEEK" } }, to: { relative: { amount: "-8", unit: "TIME_UNIT_DAY" } } } } }),
    "predicate.relation.window.period",
    "from (-1 week) must be before to (-8 days)",
  ],
  [
    "a bad condition inside where, after a good one",
    invoices({ where: { and: { predicates: [cond("status", "OPERATOR_EXISTS"), cond("total", "OPERATOR_GT", { value: { stringValue: "1" } })] } } }),
    "predicate.relation.where.and[1].condition.value",
    "field total (money) takes",
  ],
];

describe("lowerPredicate rejects", () => {
  describe.each([
    ["nodes", NODE_RULES],
    ["fields and operators", FIELD_AND_OPERATOR_RULES],
    ["operands", OPERAND_RULES],
    ["values", VALUE_RULES],
    ["relations", RELATION_RULES],
  ] as const)("%s:", (_group, cases) => {
    it.each(cases.map((c) => [c[0], c] as const))("%s", (_rule, [, json, path, ...fragments]: Case) => {
      expectInvalid(() => lowerJson(json), path, ...fragments);
    });
  });

  it("a missing predicate, at the given path", () => {
    expectInvalid(() => lowerPredicate(undefined, "target.predicate", CATALOG), "target.predicate", "predicate is required");
  });

  it("relations and segment references when lowering a where on its own", () => {
    expectInvalid(() => lowerJson(invoices({}), "invoices"), "predicate.relation", "a relation cannot appear inside a relation's where");
    expectInvalid(() => lowerJson({ segment: { segmentId: "s" } }, "subscriptions"), "predicate.segment", "SCOPE_SUBSCRIPTIONS");
  });

  it("customer fields when lowering a where of another scope", () => {
    expectInvalid(() => lowerJson(cond("email", "OPERATOR_EXISTS"), "wallets"), "predicate.condition.field", "in scope SCOPE_WALLETS; its fields are: id, currency, balance, created_at");
  });
});
