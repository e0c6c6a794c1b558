/**
 * Conditions on custom fields: a value is missing when the customer has no value row for the
 * field or the row's typed value is NULL (docs/semantics.md §2, §7). Fixture values:
 *
 * | field (type)          | 1                   | 3                     | 4      | 5                   |
 * |-----------------------|---------------------|-----------------------|--------|---------------------|
 * | industry (string)     | SaaS                | "saas "               | NULL   | Retail              |
 * | seats (integer)       | 10                  | 0                     | -5     |                     |
 * | vip (bool)            | true                | false                 | NULL   |                     |
 * | renewal_at (timestamp)| 2024-07-01 00:00    |                       |        | 2024-06-15 12:00    |
 * | plan_tier (enum)      | gold                |                       | silver |                     |
 * | ltv (money)           | 1999                | 9007199254740991      |        |                     |
 *
 * Customers 2, 6 and 7 have no value rows (except `notes`, see injection cases).
 */
import { CUSTOM, HOSTILE } from "../fixtures/dataset.js";
import type { PredicateCase } from "../fixtures/predicate-cases.js";
import { between, bool, cond, customField, eq, exists, gt, gte, isIn, lt, lte, matches, neq, notExists, notIn, num, rel, at, str } from "../fixtures/ir.js";

const industry = customField("industry", CUSTOM.industry.id, "string");
const seats = customField("seats", CUSTOM.seats.id, "integer");
const vip = customField("vip", CUSTOM.vip.id, "bool");
const renewalAt = customField("renewal_at", CUSTOM.renewal_at.id, "timestamp");
const planTier = customField("plan_tier", CUSTOM.plan_tier.id, "enum", CUSTOM.plan_tier.options);
const ltv = customField("ltv", CUSTOM.ltv.id, "money");
const notes = customField("notes", CUSTOM.notes.id, "string");

export const CUSTOM_FIELD_CASES: readonly PredicateCase[] = [
  { name: "string eq", expr: cond(industry, eq(str("SaaS"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [1, "SaaS"], members: [1] },
  { name: "string eq ignores trailing spaces", expr: cond(industry, eq(str("saas"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [1, "saas"], members: [3] },
  { name: "string neq is false without a value row and with a NULL value", expr: cond(industry, neq(str("SaaS"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` <> ?)", bindings: [1, "SaaS"], members: [3, 5] },
  { name: "string in", expr: cond(industry, isIn(str("Retail"), str("SaaS"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` IN (?, ?))", bindings: [1, "Retail", "SaaS"], members: [1, 5] },
  { name: "string not_in", expr: cond(industry, notIn(str("Retail"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` NOT IN (?))", bindings: [1, "Retail"], members: [1, 3] },
  { name: "string gt by code point", expr: cond(industry, gt(str("S"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` > ?)", bindings: [1, "S"], members: [1, 3] },
  { name: "string between", expr: cond(industry, between(str("R"), str("Saa"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and (`v`.`string_value` >= ? AND `v`.`string_value` <= ?))", bindings: [1, "R", "Saa"], members: [5] },
  { name: "string between bounds equal but for case stays a range", expr: cond(industry, between(str("SaaS"), str("saas"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and (`v`.`string_value` >= ? AND `v`.`string_value` <= ?))", bindings: [1, "SaaS", "saas"], members: [1, 3] },
  { name: "string matches case-insensitive sees the trailing space", expr: cond(industry, matches("saas", true)), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` REGEXP ?)", bindings: [1, "(*LIMIT_MATCH=2000000)(?i)^(?:saas)\\z"], members: [1] },
  { name: "string matches with the trailing space", expr: cond(industry, matches("saas ", true)), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` REGEXP ?)", bindings: [1, "(*LIMIT_MATCH=2000000)(?i)^(?:saas )\\z"], members: [3] },
  { name: "exists: a NULL value row does not count", expr: cond(industry, exists), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` IS NOT NULL)", bindings: [1], members: [1, 3, 5] },
  { name: "not_exists: no value row or a NULL value", expr: cond(industry, notExists), sql: "NOT EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` IS NOT NULL)", bindings: [1], members: [2, 4, 6, 7] },
  { name: "integer gt", expr: cond(seats, gt(num(0))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` > ?)", bindings: [2, 0], members: [1] },
  { name: "integer lte", expr: cond(seats, lte(num(0))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` <= ?)", bindings: [2, 0], members: [3, 4] },
  { name: "integer neq skips missing", expr: cond(seats, neq(num(0))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` <> ?)", bindings: [2, 0], members: [1, 4] },
  { name: "integer between negative bounds", expr: cond(seats, between(num(-5), num(0))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and (`v`.`int_value` >= ? AND `v`.`int_value` <= ?))", bindings: [2, -5, 0], members: [3, 4] },
  { name: "integer not_in", expr: cond(seats, notIn(num(10))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` NOT IN (?))", bindings: [2, 10], members: [3, 4] },
  { name: "integer not_exists", expr: cond(seats, notExists), sql: "NOT EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` IS NOT NULL)", bindings: [2], members: [2, 5, 6, 7] },
  { name: "bool eq true", expr: cond(vip, eq(bool(true))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`bool_value` = ?)", bindings: [3, 1], members: [1] },
  { name: "bool eq false", expr: cond(vip, eq(bool(false))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`bool_value` = ?)", bindings: [3, 0], members: [3] },
  { name: "bool neq true skips a NULL value", expr: cond(vip, neq(bool(true))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`bool_value` <> ?)", bindings: [3, 1], members: [3] },
  { name: "bool exists", expr: cond(vip, exists), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`bool_value` IS NOT NULL)", bindings: [3], members: [1, 3] },
  { name: "timestamp gte now", expr: cond(renewalAt, gte(rel(0, "day"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`timestamp_value` >= ?)", bindings: [4, "2024-06-15 12:00:00.000"], members: [1, 5] },
  { name: "timestamp gt now", expr: cond(renewalAt, gt(rel(0, "second"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`timestamp_value` > ?)", bindings: [4, "2024-06-15 12:00:00.000"], members: [1] },
  { name: "timestamp lt in one month", expr: cond(renewalAt, lt(rel(1, "month"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`timestamp_value` < ?)", bindings: [4, "2024-07-15 12:00:00.000"], members: [1, 5] },
  { name: "timestamp eq absolute", expr: cond(renewalAt, eq(at("2024-06-15T12:00:00.000Z"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`timestamp_value` = ?)", bindings: [4, "2024-06-15 12:00:00.000"], members: [5] },
  { name: "enum eq", expr: cond(planTier, eq(str("gold"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [5, "gold"], members: [1] },
  { name: "enum neq", expr: cond(planTier, neq(str("gold"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` <> ?)", bindings: [5, "gold"], members: [4] },
  { name: "enum in", expr: cond(planTier, isIn(str("silver"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` IN (?))", bindings: [5, "silver"], members: [4] },
  { name: "money eq the largest safe integer", expr: cond(ltv, eq(num(9007199254740991))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` = ?)", bindings: [6, 9007199254740991], members: [3] },
  { name: "money gte the largest safe integer", expr: cond(ltv, gte(num(9007199254740991))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` >= ?)", bindings: [6, 9007199254740991], members: [3] },
  { name: "money lt", expr: cond(ltv, lt(num(2000))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`int_value` < ?)", bindings: [6, 2000], members: [1] },
];

const TEN_THOUSAND = "x".repeat(10_000);

/**
 * Hostile operands travel only as bindings and round-trip exactly (`custom.notes` holds each of
 * them for one customer: quotes 1, LIKE wildcards 2, NUL and emoji 3, SQL comment 4, DROP 5).
 */
export const INJECTION_CASES: readonly PredicateCase[] = [
  { name: "quotes and backslashes", expr: cond(notes, eq(str(HOSTILE.quotes))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [7, HOSTILE.quotes], members: [1] },
  { name: "% and _ are not wildcards", expr: cond(notes, eq(str(HOSTILE.likeWildcards))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [7, HOSTILE.likeWildcards], members: [2] },
  { name: "a prefix with % matches nothing", expr: cond(notes, eq(str("100%"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [7, "100%"], members: [] },
  { name: "NUL byte and emoji", expr: cond(notes, eq(str(HOSTILE.nulAndEmoji))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [7, HOSTILE.nulAndEmoji], members: [3] },
  { name: "the text before the NUL byte is a different value", expr: cond(notes, eq(str("nul"))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [7, "nul"], members: [] },
  { name: "a quote-and-comment attack is just a value", expr: cond(notes, eq(str(HOSTILE.sqlComment))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` = ?)", bindings: [7, HOSTILE.sqlComment], members: [4] },
  { name: "a DROP TABLE attack is just a value", expr: cond(notes, isIn(str(HOSTILE.dropTable), str(HOSTILE.quotes))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` IN (?, ?))", bindings: [7, HOSTILE.dropTable, HOSTILE.quotes], members: [1, 5] },
  { name: "a 10,000-character operand", expr: cond(notes, isIn(str(TEN_THOUSAND), str(HOSTILE.sqlComment))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` IN (?, ?))", bindings: [7, TEN_THOUSAND, HOSTILE.sqlComment], members: [4] },
  { name: "a 10,000-character operand in an ordering", expr: cond(notes, gt(str(TEN_THOUSAND))), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` > ?)", bindings: [7, TEN_THOUSAND], members: [] },
  { name: "regex with escaped backslash, quote and percent", expr: cond(notes, matches("[^\\n]*(?:\\\\'|%)[^\\n]*")), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` REGEXP ?)", bindings: [7, "(*LIMIT_MATCH=2000000)^(?:[^\\n]*(?:\\\\'|%)[^\\n]*)\\z"], members: [2, 5] },
  { name: "regex matching the NUL byte through a class", expr: cond(notes, matches("nul[^a-z]byte [^\\n]")), sql: "EXISTS (select 1 from `custom_field_values` as `v` where `v`.`customer_id` = `c`.`id` and `v`.`field_id` = ? and `v`.`string_value` REGEXP ?)", bindings: [7, "(*LIMIT_MATCH=2000000)^(?:nul[^a-z]byte [^\\n])\\z"], members: [3] },
];
