import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/ir/nodes.js";
import { evaluateCustomer, evaluateMembers } from "./evaluate-members.js";
import {
  aggregate, ago, and, bool, cond, count, customField, customValue, customer, dataset, dec, definition, field, invoice,
  not, num, or, relation, segment, str, subscription, ts, verification, wallet, withPaths,
} from "./build-ir.js";

const INSTANT = Date.parse("2024-03-31T10:00:00.000Z");
const at = (iso: string): number => Date.parse(iso);

interface Case {
  readonly name: string;
  readonly expr: Expr;
  readonly members: readonly number[];
  readonly instant?: number;
}

function runCases(data: ReturnType<typeof dataset>, cases: readonly Case[]): void {
  it.each(cases)("$name", ({ expr, members, instant }) => {
    const got = evaluateMembers(withPaths(expr), data, instant ?? INSTANT);
    expect([...got].sort((a, b) => a - b)).toEqual([...members].sort((a, b) => a - b));
  });
}

describe("missing values are false for every operator but not_exists (§2)", () => {
  const data = dataset({
    customers: [customer(1, { country: "DE" }), customer(2, { country: null }), customer(3, { country: "FR" })],
  });
  const country = field("customer", "country");
  runCases(data, [
    { name: "eq skips missing", expr: cond(country, { op: "eq", value: str("DE") }), members: [1] },
    { name: "neq does not match a missing country", expr: cond(country, { op: "neq", value: str("DE") }), members: [3] },
    { name: "not eq matches the missing country", expr: not(cond(country, { op: "eq", value: str("DE") })), members: [2, 3] },
    { name: "not_in skips missing", expr: cond(country, { op: "not_in", values: [str("DE")] }), members: [3] },
    { name: "gt skips missing", expr: cond(country, { op: "gt", value: str("") }), members: [1, 3] },
    { name: "matches skips missing", expr: cond(country, { op: "matches", regex: "[^\\n]*", caseInsensitive: false }), members: [1, 3] },
    { name: "exists", expr: cond(country, { op: "exists" }), members: [1, 3] },
    { name: "not_exists", expr: cond(country, { op: "not_exists" }), members: [2] },
    { name: "exists on a never-missing field is always true", expr: cond(field("customer", "status"), { op: "exists" }), members: [1, 2, 3] },
    { name: "and of nothing-matching and anything", expr: and(cond(country, { op: "eq", value: str("XX") }), cond(country, { op: "exists" })), members: [] },
    { name: "or", expr: or(cond(country, { op: "eq", value: str("FR") }), cond(country, { op: "not_exists" })), members: [2, 3] },
  ]);
});

describe("strings: case-sensitive, PAD SPACE, code point order (§3)", () => {
  const data = dataset({
    customers: [
      customer(1, { name: "DE" }),
      customer(2, { name: "DE " }),
      customer(3, { name: "de" }),
      customer(4, { name: "Z" }),
      customer(5, { name: "a" }),
      customer(6, { name: "é" }),
      customer(7, { name: "😀" }),
      customer(8, { name: "\uFF21" }),
      customer(9, { name: "DE\t" }),
      customer(10, { name: "" }),
      customer(11, { name: "  " }),
    ],
  });
  const name = field("customer", "name");
  runCases(data, [
    { name: "eq ignores trailing spaces of the value", expr: cond(name, { op: "eq", value: str("DE") }), members: [1, 2] },
    { name: "eq ignores trailing spaces of the operand", expr: cond(name, { op: "eq", value: str("DE   ") }), members: [1, 2] },
    { name: "tab is not padding", expr: cond(name, { op: "eq", value: str("DE\t") }), members: [9] },
    { name: "empty equals spaces", expr: cond(name, { op: "eq", value: str("") }), members: [10, 11] },
    { name: "in ignores trailing spaces and duplicates", expr: cond(name, { op: "in", values: [str("de "), str("de")] }), members: [3] },
    { name: "neq", expr: cond(name, { op: "neq", value: str("DE") }), members: [3, 4, 5, 6, 7, 8, 9, 10, 11] },
    // Z (5A) < a (61) < é (E9) < Ａ (FF21) < 😀 (1F600): by code point, not UTF-16 unit.
    { name: "gt orders by code point", expr: cond(name, { op: "gt", value: str("é") }), members: [7, 8] },
    { name: "astral after BMP private-use and fullwidth", expr: cond(name, { op: "gt", value: str("\uFF21") }), members: [7] },
    { name: "lt Z includes the upper-case and the padded empties", expr: cond(name, { op: "lt", value: str("Z") }), members: [1, 2, 9, 10, 11] },
    // PAD SPACE: "DE\t" compares as "DE\t" vs "DE ", and \t < space.
    { name: "a tab sorts before the end of a shorter string", expr: cond(name, { op: "lt", value: str("DE") }), members: [9, 10, 11] },
    { name: "between is inclusive and padded", expr: cond(name, { op: "between", lower: str("DE "), upper: str("a") }), members: [1, 2, 4, 5] },
    { name: "lte", expr: cond(name, { op: "lte", value: str("") }), members: [10, 11] },
  ]);
});

describe("matches: anchored, exact value, flags (§5)", () => {
  const data = dataset({
    customers: [
      customer(1, { email: "ab" }),
      customer(2, { email: "xaby" }),
      customer(3, { email: "AB" }),
      customer(4, { email: "ab " }),
      customer(5, { email: "a\nb" }),
      customer(6, { email: "😀b" }),
    ],
  });
  const email = field("customer", "email");
  const m = (regex: string, caseInsensitive = false): Expr => cond(email, { op: "matches", regex, caseInsensitive });
  runCases(data, [
    { name: "anchored at both ends", expr: m("ab"), members: [1] },
    { name: "contains needs [^\\n]*", expr: m("[^\\n]*ab[^\\n]*"), members: [1, 2, 4] },
    { name: "case-insensitive", expr: m("ab", true), members: [1, 3] },
    { name: "trailing spaces are part of the value", expr: m("ab "), members: [4] },
    { name: "[^\\n] does not cross a line feed", expr: m("a[^\\n]b"), members: [] },
    { name: "one class item is one code point", expr: m("[^\\n]b"), members: [1, 6] },
    { name: "alternation inside the anchors", expr: m("ab|xaby"), members: [1, 2] },
    { name: "escaped punctuation", expr: m("a\\nb"), members: [5] },
  ]);
});

describe("numbers, booleans, custom fields (§3, §7)", () => {
  const industry = definition(1, "industry", "enum", ["saas", "retail"]);
  const seats = definition(2, "seats", "integer");
  const vip = definition(3, "vip", "bool");
  const renewal = definition(4, "renewal_at", "timestamp");
  const data = dataset({
    customers: [
      customer(1, { employee_count: 0, tax_exempt: true }),
      customer(2, { employee_count: -5 }),
      customer(3, { employee_count: 2147483647 }),
      customer(4, { employee_count: null }),
    ],
    customFieldDefinitions: [industry, seats, vip, renewal],
    customFieldValues: [
      customValue(1, 1, { string_value: "saas" }),
      customValue(2, 1, { string_value: null }),
      customValue(3, 1, { string_value: "retail" }),
      customValue(1, 2, { int_value: Number.MAX_SAFE_INTEGER }),
      customValue(2, 2, { int_value: -Number.MAX_SAFE_INTEGER }),
      customValue(1, 3, { bool_value: false }),
      customValue(2, 3, { bool_value: true }),
      customValue(3, 3, { bool_value: null }),
      customValue(1, 4, { timestamp_value: at("2024-02-29T10:00:00.000Z") }),
      customValue(2, 4, { timestamp_value: at("2024-02-29T09:59:59.999Z") }),
    ],
  });
  const employees = field("customer", "employee_count");
  runCases(data, [
    { name: "integer eq 0", expr: cond(employees, { op: "eq", value: num(0) }), members: [1] },
    { name: "integer lt 0", expr: cond(employees, { op: "lt", value: num(0) }), members: [2] },
    { name: "integer between inclusive", expr: cond(employees, { op: "between", lower: num(-5), upper: num(0) }), members: [1, 2] },
    { name: "integer not_in skips missing", expr: cond(employees, { op: "not_in", values: [num(0), num(0)] }), members: [2, 3] },
    { name: "bool eq true", expr: cond(field("customer", "tax_exempt"), { op: "eq", value: bool(true) }), members: [1] },
    { name: "bool neq true", expr: cond(field("customer", "tax_exempt"), { op: "neq", value: bool(true) }), members: [2, 3, 4] },
    { name: "custom enum eq", expr: cond(customField(industry), { op: "eq", value: str("saas") }), members: [1] },
    { name: "custom value row with NULL is missing", expr: cond(customField(industry), { op: "not_exists" }), members: [2, 4] },
    { name: "custom neq skips missing", expr: cond(customField(industry), { op: "neq", value: str("saas") }), members: [3] },
    { name: "custom integer at the safe limits", expr: cond(customField(seats), { op: "gte", value: num(Number.MAX_SAFE_INTEGER) }), members: [1] },
    { name: "custom integer lt", expr: cond(customField(seats), { op: "lt", value: num(0) }), members: [2] },
    { name: "custom bool false", expr: cond(customField(vip), { op: "eq", value: bool(false) }), members: [1] },
    { name: "custom bool neq false", expr: cond(customField(vip), { op: "neq", value: bool(false) }), members: [2] },
    { name: "not custom bool false", expr: not(cond(customField(vip), { op: "eq", value: bool(false) })), members: [2, 3, 4] },
    // 2024-03-31 10:00 − 1 month = 2024-02-29 10:00 (clamped).
    { name: "relative month clamps to month end", expr: cond(customField(renewal), { op: "gte", value: ago(-1, "month") }), members: [1] },
    { name: "relative time eq hits exactly", expr: cond(customField(renewal), { op: "eq", value: ago(-1, "month") }), members: [1] },
    { name: "absolute timestamp lt", expr: cond(customField(renewal), { op: "lt", value: ts("2024-02-29T10:00:00.000Z") }), members: [2] },
    {
      name: "year back from a leap day clamps to Feb 28",
      instant: at("2025-02-28T10:00:00.000Z"),
      expr: cond(customField(renewal), { op: "gt", value: ago(-1, "year") }),
      members: [1, 2],
    },
    {
      name: "year forward from a leap day clamps to Feb 28",
      instant: at("2023-02-28T10:00:00.000Z"),
      expr: cond(customField(renewal), { op: "eq", value: ago(1, "year") }),
      members: [],
    },
  ]);
});

describe("relations: quantifiers and empty sets (§6)", () => {
  const total = field("invoices", "total");
  const paid = cond(field("invoices", "status"), { op: "eq", value: str("paid") });
  const data = dataset({
    customers: [customer(1), customer(2), customer(3), customer(4)],
    invoices: [
      invoice(10, 1, { status: "paid", total: 1 }),
      invoice(11, 1, { status: "paid", total: 2 }),
      invoice(12, 2, { status: "open", total: 1 }),
      invoice(13, 2, { status: "paid", total: 1 }),
      invoice(14, 2, { status: "paid", total: 2 }),
      invoice(15, 3, { status: "void", total: -7 }),
    ],
  });
  runCases(data, [
    { name: "any", expr: relation("invoices", { kind: "any" }, paid), members: [1, 2] },
    { name: "all is vacuously true without rows", expr: relation("invoices", { kind: "all" }, paid), members: [1, 4] },
    { name: "none", expr: relation("invoices", { kind: "none" }, paid), members: [3, 4] },
    { name: "any without where: has rows", expr: relation("invoices", { kind: "any" }), members: [1, 2, 3] },
    { name: "count eq 0 includes customers without rows", expr: relation("invoices", count({ op: "eq", value: num(0) }), paid), members: [3, 4] },
    { name: "count between", expr: relation("invoices", count({ op: "between", lower: num(2), upper: num(3) })), members: [1, 2] },
    { name: "sum of empty is 0", expr: relation("invoices", aggregate("sum", total, { op: "eq", value: num(0) }), paid), members: [3, 4] },
    { name: "sum negative", expr: relation("invoices", aggregate("sum", total, { op: "lt", value: num(0) })), members: [3] },
    { name: "min of empty is false", expr: relation("invoices", aggregate("min", total, { op: "lt", value: num(100) }), paid), members: [1, 2] },
    { name: "max", expr: relation("invoices", aggregate("max", total, { op: "eq", value: num(2) })), members: [1, 2] },
    { name: "avg exact 1.5", expr: relation("invoices", aggregate("avg", total, { op: "eq", value: dec("1.5") }), paid), members: [1, 2] },
    // customer 2 over all invoices: 4/3.
    { name: "avg 4/3 above 1.3333333333", expr: relation("invoices", aggregate("avg", total, { op: "gt", value: dec("1.3333333333") })), members: [1, 2] },
    { name: "avg 4/3 below 1.3333333334", expr: relation("invoices", aggregate("avg", total, { op: "lt", value: dec("1.3333333334") })), members: [2, 3] },
    { name: "avg of empty is false even for neq", expr: relation("invoices", aggregate("avg", total, { op: "neq", value: num(999) }), paid), members: [1, 2] },
    { name: "not of avg includes the empty", expr: not(relation("invoices", aggregate("avg", total, { op: "neq", value: num(999) }), paid)), members: [3, 4] },
  ]);
});

describe("windows: last N with ties, where after window, half-open periods (§6)", () => {
  const paid = cond(field("invoices", "status"), { op: "eq", value: str("paid") });
  const t = (iso: string): number => at(iso);
  const data = dataset({
    customers: [customer(1), customer(2), customer(3)],
    invoices: [
      // Customer 1: two invoices at the same instant; the higher id (21) is "later".
      invoice(21, 1, { status: "open", issued_at: t("2024-03-01T00:00:00.000Z") }),
      invoice(20, 1, { status: "paid", issued_at: t("2024-03-01T00:00:00.000Z") }),
      invoice(5, 1, { status: "paid", issued_at: t("2024-01-01T00:00:00.000Z") }),
      // Customer 2: latest paid, older open.
      invoice(30, 2, { status: "open", issued_at: t("2024-02-29T10:00:00.000Z") }),
      invoice(31, 2, { status: "paid", issued_at: t("2024-03-30T10:00:00.000Z") }),
    ],
    subscriptions: [subscription(1, 3, { started_at: t("2024-03-31T10:00:00.000Z") })],
    wallets: [wallet(1, 3, { created_at: t("2024-03-31T09:59:59.999Z") })],
    verifications: [verification(1, 3, { created_at: t("2024-02-29T10:00:00.000Z") })],
  });
  runCases(data, [
    { name: "last 1 breaks the tie by higher id", expr: relation("invoices", { kind: "all" }, paid, { kind: "last", n: 1 }), members: [2, 3] },
    { name: "last 2 all paid looks at the 2 latest whatever their status", expr: relation("invoices", { kind: "all" }, paid, { kind: "last", n: 2 }), members: [3] },
    { name: "last 1000 with fewer rows takes them all", expr: relation("invoices", count({ op: "eq", value: num(3) }), null, { kind: "last", n: 1000 }), members: [1] },
    { name: "last 2 any paid", expr: relation("invoices", { kind: "any" }, paid, { kind: "last", n: 2 }), members: [1, 2] },
    {
      name: "period from is inclusive (relative month clamps to Feb 29)",
      expr: relation("invoices", { kind: "any" }, null, { kind: "period", from: ago(-1, "month"), to: null }),
      members: [1, 2],
    },
    {
      name: "period to is exclusive",
      expr: relation("invoices", { kind: "any" }, null, { kind: "period", from: null, to: ts("2024-02-29T10:00:00.000Z") }),
      members: [1],
    },
    {
      name: "absolute period on the tie instant",
      expr: relation("invoices", count({ op: "eq", value: num(2) }), null, { kind: "period", from: ts("2024-03-01T00:00:00.000Z"), to: ts("2024-03-01T00:00:00.001Z") }),
      members: [1],
    },
    { name: "subscriptions at the instant are before to=now? no: to is exclusive", expr: relation("subscriptions", { kind: "any" }, null, { kind: "period", from: null, to: ago(0, "second") }), members: [] },
    { name: "wallets a millisecond before the instant", expr: relation("wallets", { kind: "any" }, null, { kind: "period", from: ago(-1, "second"), to: ago(0, "day") }), members: [3] },
    { name: "verifications in the last month (weeks are fixed)", expr: relation("verifications", { kind: "any" }, null, { kind: "period", from: ago(-31, "day"), to: null }), members: [3] },
  ]);
});

describe("segment references evaluate their expanded body (§8)", () => {
  const data = dataset({ customers: [customer(1, { tier: "free" }), customer(2, { tier: "growth" }), customer(3)] });
  const tier = field("customer", "tier");
  const free = cond(tier, { op: "eq", value: str("free") });
  runCases(data, [
    { name: "segment is its body", expr: segment("seg_free", free), members: [1] },
    { name: "not segment is the complement, missing tier included", expr: not(segment("seg_free", free)), members: [2, 3] },
    { name: "nested segments", expr: segment("seg_outer", or(segment("seg_free", free), cond(tier, { op: "not_exists" }))), members: [1, 3] },
  ]);

  it("refuses an unexpanded segment", () => {
    expect(() => evaluateMembers(withPaths(segment("seg_x", null)), data, INSTANT)).toThrow(/not expanded/);
  });
});

describe("the reference is strict about invalid IR", () => {
  const data = dataset({ customers: [customer(1, { employee_count: 5 })] });
  it.each([
    { name: "empty and", expr: and() },
    { name: "string operand on an integer field", expr: cond(field("customer", "employee_count"), { op: "eq", value: str("1") }) },
    { name: "ordering on a bool", expr: cond(field("customer", "tax_exempt"), { op: "gt", value: bool(true) }) },
    { name: "relation field at customer level", expr: cond(field("invoices", "total"), { op: "eq", value: num(1) }) },
    { name: "relation inside where", expr: relation("invoices", { kind: "any" }, relation("wallets", { kind: "any" })) },
    { name: "aggregate of another scope", expr: relation("invoices", aggregate("sum", field("wallets", "balance"), { op: "eq", value: num(0) })) },
  ])("throws on $name", ({ expr }) => {
    // A customer without invoices never looks at `where`; give it one.
    const withInvoice = dataset({ ...data, invoices: [invoice(1, 1)] });
    expect(() => evaluateMembers(withPaths(expr), withInvoice, INSTANT)).toThrow();
  });

  it("evaluateCustomer agrees with evaluateMembers", () => {
    const expr = withPaths(cond(field("customer", "status"), { op: "eq", value: str("active") }));
    expect(evaluateCustomer(expr, 1, data, INSTANT)).toBe(true);
  });
});
