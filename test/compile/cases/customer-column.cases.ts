/**
 * Conditions on the customer's own columns: every operator on string, enum, integer, bool and
 * timestamp columns, nullable and not. Expected members follow docs/semantics.md §2–§5 over the
 * fixture customers (see fixtures/dataset.ts):
 *
 * | id | country | name      | status    | tier       | tax_exempt | employee_count | created_at              |
 * |----|---------|-----------|-----------|------------|------------|----------------|-------------------------|
 * | 1  | DE      | Ann       | active    | growth     | 0          | 12             | 2024-01-31 10:00:00.000 |
 * | 2  | NULL    | NULL      | inactive  | NULL       | 1          | NULL           | 2023-06-15 12:00:00.000 |
 * | 3  | de      | "Bob "    | suspended | free       | 0          | 0              | 2024-02-29 23:59:59.999 |
 * | 4  | FR      | Zoë 😀    | churned   | enterprise | 1          | 5000           | 2024-05-15 12:00:00.000 |
 * | 5  | AT      | "Eve\n"   | active    | starter    | 0          | 250            | 2024-06-15 12:00:00.000 |
 * | 6  | DE      | é         | active    | NULL       | 0          | 12             | 2022-12-31 23:59:59.999 |
 * | 7  | DE      | "Tab\t"   | inactive  | free       | 1          | NULL           | 2024-06-14 12:00:00.000 |
 *
 * Evaluation instant: 2024-06-15 12:00:00.000 UTC.
 */
import type { PredicateCase } from "../fixtures/predicate-cases.js";
import { ago, at, between, bool, customer, dec, eq, exists, gt, gte, isIn, lt, lte, matches, neq, notExists, notIn, num, rel, str } from "../fixtures/ir.js";

export const STRING_CASES: readonly PredicateCase[] = [
  { name: "eq is case-sensitive and skips a missing value", expr: customer("country", eq(str("DE"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` = ?)", bindings: ["DE"], members: [1, 6, 7] },
  { name: "eq ignores trailing spaces of the operand (PAD SPACE)", expr: customer("country", eq(str("DE "))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` = ?)", bindings: ["DE "], members: [1, 6, 7] },
  { name: "eq ignores trailing spaces of the stored value", expr: customer("name", eq(str("Bob"))), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` = ?)", bindings: ["Bob"], members: [3] },
  { name: "eq does not treat a tab as padding", expr: customer("name", eq(str("Tab"))), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` = ?)", bindings: ["Tab"], members: [] },
  { name: "neq is false on a missing value", expr: customer("country", neq(str("DE"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` <> ?)", bindings: ["DE"], members: [3, 4, 5] },
  { name: "in ignores duplicate values", expr: customer("country", isIn(str("DE"), str("FR"), str("DE"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` IN (?, ?, ?))", bindings: ["DE", "FR", "DE"], members: [1, 4, 6, 7] },
  { name: "in with padded operand", expr: customer("name", isIn(str("Bob   "))), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` IN (?))", bindings: ["Bob   "], members: [3] },
  { name: "not_in is false on a missing value", expr: customer("country", notIn(str("DE"), str("FR"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` NOT IN (?, ?))", bindings: ["DE", "FR"], members: [3, 5] },
  { name: "gt orders by code point (lower case after upper case)", expr: customer("country", gt(str("DE"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` > ?)", bindings: ["DE"], members: [3, 4] },
  { name: "gt past non-ASCII: 'é' and a longer value sort after 'Zoë'", expr: customer("name", gt(str("Zoë"))), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` > ?)", bindings: ["Zoë"], members: [4, 6] },
  { name: "lt 'a': every upper-case initial, not 'é'", expr: customer("name", lt(str("a"))), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` < ?)", bindings: ["a"], members: [1, 3, 4, 5, 7] },
  { name: "lt 'Tab': a trailing tab sorts below the space padding", expr: customer("name", lt(str("Tab"))), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` < ?)", bindings: ["Tab"], members: [1, 3, 5, 7] },
  { name: "gte includes the bound", expr: customer("country", gte(str("FR"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` >= ?)", bindings: ["FR"], members: [3, 4] },
  { name: "lte includes the bound", expr: customer("country", lte(str("AT"))), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` <= ?)", bindings: ["AT"], members: [5] },
  { name: "between is inclusive at both ends", expr: customer("country", between(str("AT"), str("DE"))), sql: "(`c`.`country` IS NOT NULL AND (`c`.`country` >= ? AND `c`.`country` <= ?))", bindings: ["AT", "DE"], members: [1, 5, 6, 7] },
  { name: "between bounds equal but for case stays a range (MariaDB would turn BETWEEN into eq)", expr: customer("currency", between(str("EUR"), str("eur"))), sql: "(`c`.`currency` IS NOT NULL AND (`c`.`currency` >= ? AND `c`.`currency` <= ?))", bindings: ["EUR", "eur"], members: [1, 3, 4, 6] },
  { name: "exists on a nullable column", expr: customer("country", exists), sql: "`c`.`country` IS NOT NULL", bindings: [], members: [1, 3, 4, 5, 6, 7] },
  { name: "not_exists on a nullable column", expr: customer("country", notExists), sql: "`c`.`country` IS NULL", bindings: [], members: [2] },
];

export const MATCHES_CASES: readonly PredicateCase[] = [
  { name: "matches is anchored at the start and end", expr: customer("name", matches("nn")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:nn)\\z"], members: [] },
  { name: "matches sees trailing spaces as stored", expr: customer("name", matches("Bob")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:Bob)\\z"], members: [] },
  { name: "matches a trailing space literally", expr: customer("name", matches("Bob ")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:Bob )\\z"], members: [3] },
  { name: "matches: the end is the true end, not before a final line feed", expr: customer("name", matches("Eve")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:Eve)\\z"], members: [] },
  { name: "matches a final line feed with \\n", expr: customer("name", matches("Eve\\n")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:Eve\\n)\\z"], members: [5] },
  { name: "matches normalized '.' ([^\\n]) never crosses a line feed", expr: customer("name", matches("[^\\n]*")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:[^\\n]*)\\z"], members: [1, 3, 4, 6, 7] },
  { name: "matches one non-ASCII character per [^\\n]", expr: customer("name", matches("Zo[^\\n] [^\\n]")), sql: "(`c`.`name` IS NOT NULL AND `c`.`name` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:Zo[^\\n] [^\\n])\\z"], members: [4] },
  { name: "matches is case-sensitive by default", expr: customer("email", matches("[a-z]+@example\\.com")), sql: "(`c`.`email` IS NOT NULL AND `c`.`email` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:[a-z]+@example\\.com)\\z"], members: [1, 7] },
  { name: "matches case-insensitive folds ASCII letters", expr: customer("email", matches("[a-z]+@example\\.com", true)), sql: "(`c`.`email` IS NOT NULL AND `c`.`email` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)(?i)^(?:[a-z]+@example\\.com)\\z"], members: [1, 3, 7] },
  { name: "matches alternation inside the anchors", expr: customer("country", matches("DE|FR")), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:DE|FR)\\z"], members: [1, 4, 6, 7] },
  { name: "matches an escaped dot and an optional trailing space", expr: customer("email", matches("[^\\n]*\\.(?:org|com)[ ]?")), sql: "(`c`.`email` IS NOT NULL AND `c`.`email` REGEXP ?)", bindings: ["(*LIMIT_MATCH=2000000)^(?:[^\\n]*\\.(?:org|com)[ ]?)\\z"], members: [1, 4, 5, 7] },
];

export const ENUM_CASES: readonly PredicateCase[] = [
  { name: "eq on a non-nullable enum needs no guard", expr: customer("status", eq(str("active"))), sql: "`c`.`status` = ?", bindings: ["active"], members: [1, 5, 6] },
  { name: "neq on a non-nullable enum", expr: customer("status", neq(str("active"))), sql: "`c`.`status` <> ?", bindings: ["active"], members: [2, 3, 4, 7] },
  { name: "not_in on a non-nullable enum", expr: customer("status", notIn(str("active"), str("inactive"))), sql: "`c`.`status` NOT IN (?, ?)", bindings: ["active", "inactive"], members: [3, 4] },
  { name: "exists on a column that is never missing is always true", expr: customer("status", exists), sql: "`c`.`status` IS NOT NULL", bindings: [], members: [1, 2, 3, 4, 5, 6, 7] },
  { name: "not_exists on a column that is never missing is always false", expr: customer("status", notExists), sql: "`c`.`status` IS NULL", bindings: [], members: [] },
  { name: "in on a nullable enum", expr: customer("tier", isIn(str("free"), str("growth"))), sql: "(`c`.`tier` IS NOT NULL AND `c`.`tier` IN (?, ?))", bindings: ["free", "growth"], members: [1, 3, 7] },
  { name: "neq on a nullable enum skips missing values", expr: customer("tier", neq(str("free"))), sql: "(`c`.`tier` IS NOT NULL AND `c`.`tier` <> ?)", bindings: ["free"], members: [1, 4, 5] },
];

export const INTEGER_CASES: readonly PredicateCase[] = [
  { name: "eq", expr: customer("employee_count", eq(num(12))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` = ?)", bindings: [12], members: [1, 6] },
  { name: "neq skips missing", expr: customer("employee_count", neq(num(12))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` <> ?)", bindings: [12], members: [3, 4, 5] },
  { name: "gt", expr: customer("employee_count", gt(num(0))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` > ?)", bindings: [0], members: [1, 4, 5, 6] },
  { name: "gte", expr: customer("employee_count", gte(num(0))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` >= ?)", bindings: [0], members: [1, 3, 4, 5, 6] },
  { name: "lt", expr: customer("employee_count", lt(num(250))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` < ?)", bindings: [250], members: [1, 3, 6] },
  { name: "lte", expr: customer("employee_count", lte(num(250))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` <= ?)", bindings: [250], members: [1, 3, 5, 6] },
  { name: "between", expr: customer("employee_count", between(num(12), num(250))), sql: "(`c`.`employee_count` IS NOT NULL AND (`c`.`employee_count` >= ? AND `c`.`employee_count` <= ?))", bindings: [12, 250], members: [1, 5, 6] },
  { name: "in", expr: customer("employee_count", isIn(num(0), num(5000))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` IN (?, ?))", bindings: [0, 5000], members: [3, 4] },
  { name: "not_in skips missing", expr: customer("employee_count", notIn(num(12))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` NOT IN (?))", bindings: [12], members: [3, 4, 5] },
  { name: "exists", expr: customer("employee_count", exists), sql: "`c`.`employee_count` IS NOT NULL", bindings: [], members: [1, 3, 4, 5, 6] },
  { name: "not_exists", expr: customer("employee_count", notExists), sql: "`c`.`employee_count` IS NULL", bindings: [], members: [2, 7] },
  { name: "an integral decimal operand compares exactly", expr: customer("employee_count", eq(dec("12"))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` = CAST(? AS DECIMAL(65,10)))", bindings: ["12"], members: [1, 6] },
  { name: "the largest safe integer as operand", expr: customer("employee_count", lt(num(9007199254740991))), sql: "(`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` < ?)", bindings: [9007199254740991], members: [1, 3, 4, 5, 6] },
  { name: "the primary key needs no guard", expr: customer("id", between(num(2), num(4))), sql: "(`c`.`id` >= ? AND `c`.`id` <= ?)", bindings: [2, 4], members: [2, 3, 4] },
  { name: "in on the primary key with an unknown id", expr: customer("id", isIn(num(1), num(7), num(99))), sql: "`c`.`id` IN (?, ?, ?)", bindings: [1, 7, 99], members: [1, 7] },
];

export const BOOL_CASES: readonly PredicateCase[] = [
  { name: "eq true binds 1", expr: customer("tax_exempt", eq(bool(true))), sql: "`c`.`tax_exempt` = ?", bindings: [1], members: [2, 4, 7] },
  { name: "eq false binds 0", expr: customer("tax_exempt", eq(bool(false))), sql: "`c`.`tax_exempt` = ?", bindings: [0], members: [1, 3, 5, 6] },
  { name: "neq true", expr: customer("tax_exempt", neq(bool(true))), sql: "`c`.`tax_exempt` <> ?", bindings: [1], members: [1, 3, 5, 6] },
  { name: "exists on a non-nullable bool", expr: customer("tax_exempt", exists), sql: "`c`.`tax_exempt` IS NOT NULL", bindings: [], members: [1, 2, 3, 4, 5, 6, 7] },
];

export const TIMESTAMP_CASES: readonly PredicateCase[] = [
  { name: "eq an absolute instant to the millisecond", expr: customer("created_at", eq(at("2024-02-29T23:59:59.999Z"))), sql: "`c`.`created_at` = ?", bindings: ["2024-02-29 23:59:59.999"], members: [3] },
  { name: "eq the evaluation instant (relative 0)", expr: customer("created_at", eq(rel(0, "second"))), sql: "`c`.`created_at` = ?", bindings: ["2024-06-15 12:00:00.000"], members: [5] },
  { name: "gte one calendar month ago", expr: customer("created_at", gte(ago(1, "month"))), sql: "`c`.`created_at` >= ?", bindings: ["2024-05-15 12:00:00.000"], members: [4, 5, 7] },
  { name: "gt one calendar month ago excludes the bound", expr: customer("created_at", gt(ago(1, "month"))), sql: "`c`.`created_at` > ?", bindings: ["2024-05-15 12:00:00.000"], members: [5, 7] },
  { name: "gte one day ago", expr: customer("created_at", gte(ago(1, "day"))), sql: "`c`.`created_at` >= ?", bindings: ["2024-06-14 12:00:00.000"], members: [5, 7] },
  { name: "lt one day ago", expr: customer("created_at", lt(ago(1, "day"))), sql: "`c`.`created_at` < ?", bindings: ["2024-06-14 12:00:00.000"], members: [1, 2, 3, 4, 6] },
  { name: "gt 1440 minutes ago", expr: customer("created_at", gt(ago(1440, "minute"))), sql: "`c`.`created_at` > ?", bindings: ["2024-06-14 12:00:00.000"], members: [5] },
  { name: "gte 24 hours ago", expr: customer("created_at", gte(ago(24, "hour"))), sql: "`c`.`created_at` >= ?", bindings: ["2024-06-14 12:00:00.000"], members: [5, 7] },
  { name: "gte one second ago", expr: customer("created_at", gte(ago(1, "second"))), sql: "`c`.`created_at` >= ?", bindings: ["2024-06-15 11:59:59.000"], members: [5] },
  { name: "gte two weeks ago", expr: customer("created_at", gte(ago(2, "week"))), sql: "`c`.`created_at` >= ?", bindings: ["2024-06-01 12:00:00.000"], members: [5, 7] },
  { name: "lt one year ago", expr: customer("created_at", lt(ago(1, "year"))), sql: "`c`.`created_at` < ?", bindings: ["2023-06-15 12:00:00.000"], members: [6] },
  { name: "lte one year ago includes the bound", expr: customer("created_at", lte(ago(1, "year"))), sql: "`c`.`created_at` <= ?", bindings: ["2023-06-15 12:00:00.000"], members: [2, 6] },
  { name: "between absolute instants, inclusive", expr: customer("created_at", between(at("2024-02-29T23:59:59.999Z"), at("2024-05-15T12:00:00.000Z"))), sql: "(`c`.`created_at` >= ? AND `c`.`created_at` <= ?)", bindings: ["2024-02-29 23:59:59.999", "2024-05-15 12:00:00.000"], members: [3, 4] },
  { name: "in mixes absolute and relative instants", expr: customer("created_at", isIn(at("2024-01-31T10:00:00.000Z"), ago(1, "week"))), sql: "`c`.`created_at` IN (?, ?)", bindings: ["2024-01-31 10:00:00.000", "2024-06-08 12:00:00.000"], members: [1] },
  { name: "neq on a non-nullable timestamp", expr: customer("created_at", neq(rel(0, "day"))), sql: "`c`.`created_at` <> ?", bindings: ["2024-06-15 12:00:00.000"], members: [1, 2, 3, 4, 6, 7] },
  {
    name: "one month before March 31 is February 29 (day clamped, time kept)",
    expr: customer("created_at", eq(ago(1, "month"))),
    instantMs: Date.UTC(2024, 2, 31, 23, 59, 59, 999),
    sql: "`c`.`created_at` = ?",
    bindings: ["2024-02-29 23:59:59.999"],
    members: [3],
  },
  {
    name: "four years before a leap day is a leap day",
    expr: customer("created_at", eq(ago(4, "year"))),
    instantMs: Date.UTC(2028, 1, 29, 23, 59, 59, 999),
    sql: "`c`.`created_at` = ?",
    bindings: ["2024-02-29 23:59:59.999"],
    members: [3],
  },
];
