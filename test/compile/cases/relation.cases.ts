/**
 * Relations without a window: quantifiers any/all/none, count and the aggregates, over every
 * relation scope (docs/semantics.md §6). Fixture rows (time = natural time column):
 *
 * subscriptions (started_at)                               | invoices (issued_at)
 * 101 c1 active   q5   mrr5000  2024-01-01  trial_end –    | 201 c1 paid  1000 2024-01-01
 * 102 c1 canceled q1   mrr1000  2024-03-01  trial_end 03-15| 202 c1 paid  2000 2024-02-01
 * 103 c1 active   q2   mrr300   2024-03-01  trial_end –    | 203 c1 open  1500 2024-03-01, paid_at –
 * 104 c3 trialing q1   mrr0     2024-06-01  trial_end 06-20| 204 c1 paid  1001 2024-03-01
 * 105 c4 past_due q100 mrr99900 2023-05-15  trial_end –    | 205 c4 uncollectible 5 2024-06-15 12:00 (= now)
 * 106 c4 active   q3   mrr4500  2024-05-15  trial_end –    | 206 c5 paid  3 2024-05-15 11:59:59.999
 *                                                          | 207 c5 void  4 2024-05-15 12:00
 * wallets (created_at)                 | verifications (created_at)
 * 301 c1 EUR 1  2024-01-01             | 401 c1 email    verified verified_at 2024-01-02
 * 302 c1 USD 1  2024-02-01             | 402 c1 identity failed   verified_at –
 * 303 c1 CHF 2  2024-02-01             | 403 c2 phone    pending  verified_at –
 * 304 c3 USD -500                      | 404 c5 tax_id   verified verified_at 2024-05-01
 * 305 c4 EUR 9007199254740991          |
 * 306 c4 USD 9007199254740991          |
 *
 * Customers without subscriptions: 2 5 6 7; without invoices: 2 3 6 7; without wallets:
 * 2 5 6 7; without verifications: 3 4 6 7. Customer 6 has no related rows at all.
 */
import type { PredicateCase } from "../fixtures/predicate-cases.js";
import {
  aggregate, all, and, any, at, between, cond, count, dec, eq, exists, field, gt, gte, isIn, lt, lte, neq, none, not, notExists, notIn, num, or, relation, rel, str,
} from "../fixtures/ir.js";

const sub = (column: string, test: Parameters<typeof cond>[1]) => cond(field("subscriptions", column), test);
const inv = (column: string, test: Parameters<typeof cond>[1]) => cond(field("invoices", column), test);
const wal = (column: string, test: Parameters<typeof cond>[1]) => cond(field("wallets", column), test);
const ver = (column: string, test: Parameters<typeof cond>[1]) => cond(field("verifications", column), test);

export const QUANTIFIER_CASES: readonly PredicateCase[] = [
  { name: "any without where: has a row", expr: relation("subscriptions", any), sql: "EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`)", bindings: [], members: [1, 3, 4] },
  { name: "none without where: has no row", expr: relation("subscriptions", none), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`)", bindings: [], members: [2, 5, 6, 7] },
  { name: "all without where: always true", expr: relation("subscriptions", all), sql: "TRUE", bindings: [], members: [1, 2, 3, 4, 5, 6, 7] },
  { name: "any with where", expr: relation("subscriptions", any, sub("status", eq(str("active")))), sql: "EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?)", bindings: ["active"], members: [1, 4] },
  { name: "none with where", expr: relation("subscriptions", none, sub("status", eq(str("active")))), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?)", bindings: ["active"], members: [2, 3, 5, 6, 7] },
  { name: "all with where is vacuously true without rows", expr: relation("subscriptions", all, sub("status", eq(str("active")))), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and NOT (`r`.`status` = ?))", bindings: ["active"], members: [2, 5, 6, 7] },
  { name: "all with where holding for every row", expr: relation("subscriptions", all, sub("plan", eq(str("pro-monthly")))), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and NOT (`r`.`plan` = ?))", bindings: ["pro-monthly"], members: [2, 3, 5, 6, 7] },
  { name: "all: a missing value fails the where", expr: relation("subscriptions", all, sub("trial_end", lt(rel(0, "day")))), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and NOT ((`r`.`trial_end` IS NOT NULL AND `r`.`trial_end` < ?)))", bindings: ["2024-06-15 12:00:00.000"], members: [2, 5, 6, 7] },
  { name: "none: a missing value never satisfies the where", expr: relation("subscriptions", none, sub("trial_end", lt(rel(0, "day")))), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and (`r`.`trial_end` IS NOT NULL AND `r`.`trial_end` < ?))", bindings: ["2024-06-15 12:00:00.000"], members: [2, 3, 4, 5, 6, 7] },
  { name: "all of a negated where: missing values satisfy not", expr: relation("subscriptions", all, not(sub("trial_end", gte(rel(0, "day"))))), sql: "NOT EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and NOT (NOT ((`r`.`trial_end` IS NOT NULL AND `r`.`trial_end` >= ?))))", bindings: ["2024-06-15 12:00:00.000"], members: [1, 2, 4, 5, 6, 7] },
  { name: "any with and in where", expr: relation("verifications", any, and(ver("kind", eq(str("email"))), ver("status", eq(str("verified"))))), sql: "EXISTS (select 1 from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and (`r`.`kind` = ? AND `r`.`status` = ?))", bindings: ["email", "verified"], members: [1] },
  { name: "any with and + not in where", expr: relation("verifications", any, and(ver("kind", eq(str("identity"))), not(ver("status", eq(str("failed")))))), sql: "EXISTS (select 1 from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and (`r`.`kind` = ? AND NOT (`r`.`status` = ?)))", bindings: ["identity", "failed"], members: [] },
  { name: "any with or in where", expr: relation("verifications", any, or(ver("kind", eq(str("phone"))), ver("verified_at", gte(at("2024-04-15T00:00:00.000Z"))))), sql: "EXISTS (select 1 from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and (`r`.`kind` = ? OR (`r`.`verified_at` IS NOT NULL AND `r`.`verified_at` >= ?)))", bindings: ["phone", "2024-04-15 00:00:00.000"], members: [2, 5] },
  { name: "all verifications verified", expr: relation("verifications", all, ver("status", eq(str("verified")))), sql: "NOT EXISTS (select 1 from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and NOT (`r`.`status` = ?))", bindings: ["verified"], members: [3, 4, 5, 6, 7] },
  { name: "any wallet: case-sensitive string", expr: relation("wallets", any, wal("currency", eq(str("usd")))), sql: "EXISTS (select 1 from `wallets` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`currency` = ?)", bindings: ["usd"], members: [] },
  { name: "any wallet with in", expr: relation("wallets", any, wal("currency", isIn(str("USD"), str("EUR")))), sql: "EXISTS (select 1 from `wallets` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`currency` IN (?, ?))", bindings: ["USD", "EUR"], members: [1, 3, 4] },
  { name: "any invoice with a nullable exists", expr: relation("invoices", any, inv("paid_at", notExists)), sql: "EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`paid_at` IS NULL)", bindings: [], members: [1, 4, 5] },
];

export const COUNT_CASES: readonly PredicateCase[] = [
  { name: "count eq 0 holds without rows", expr: relation("subscriptions", count(eq(num(0)))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) = ?", bindings: [0], members: [2, 5, 6, 7] },
  { name: "count gte", expr: relation("subscriptions", count(gte(num(2)))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) >= ?", bindings: [2], members: [1, 4] },
  { name: "count with where eq", expr: relation("subscriptions", count(eq(num(1))), sub("status", eq(str("active")))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?), 0) = ?", bindings: ["active", 1], members: [4] },
  { name: "count in (0 counts too)", expr: relation("subscriptions", count(isIn(num(0), num(2))), sub("status", eq(str("active")))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?), 0) IN (?, ?)", bindings: ["active", 0, 2], members: [1, 2, 3, 5, 6, 7] },
  { name: "count not_in", expr: relation("subscriptions", count(notIn(num(0)))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) NOT IN (?)", bindings: [0], members: [1, 3, 4] },
  { name: "count between", expr: relation("subscriptions", count(between(num(1), num(2)))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) BETWEEN ? AND ?", bindings: [1, 2], members: [3, 4] },
  { name: "count neq", expr: relation("subscriptions", count(neq(num(3)))), sql: "COALESCE((select COUNT(*) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) <> ?", bindings: [3], members: [2, 3, 4, 5, 6, 7] },
  { name: "count lt", expr: relation("invoices", count(lt(num(2)))), sql: "COALESCE((select COUNT(*) from `invoices` as `r` where `r`.`customer_id` = `c`.`id`), 0) < ?", bindings: [2], members: [2, 3, 4, 6, 7] },
  { name: "count with a nullable where", expr: relation("verifications", count(eq(num(1))), ver("verified_at", notExists)), sql: "COALESCE((select COUNT(*) from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`verified_at` IS NULL), 0) = ?", bindings: [1], members: [1, 2] },
  { name: "count lte an integral decimal operand", expr: relation("verifications", count(lte(dec("1")))), sql: "COALESCE((select COUNT(*) from `verifications` as `r` where `r`.`customer_id` = `c`.`id`), 0) <= CAST(? AS DECIMAL(65,10))", bindings: ["1"], members: [2, 3, 4, 5, 6, 7] },
];

export const SUM_CASES: readonly PredicateCase[] = [
  { name: "sum eq 0 holds without rows", expr: relation("subscriptions", aggregate("sum", "subscriptions", "mrr", eq(num(0)))), sql: "COALESCE((select SUM(`r`.`mrr`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) = ?", bindings: [0], members: [2, 3, 5, 6, 7] },
  { name: "sum gt", expr: relation("subscriptions", aggregate("sum", "subscriptions", "mrr", gt(num(5000)))), sql: "COALESCE((select SUM(`r`.`mrr`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) > ?", bindings: [5000], members: [1, 4] },
  { name: "sum with where", expr: relation("subscriptions", aggregate("sum", "subscriptions", "quantity", gte(num(5))), sub("status", eq(str("active")))), sql: "COALESCE((select SUM(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?), 0) >= ?", bindings: ["active", 5], members: [1] },
  { name: "sum lt 1 includes empty sums", expr: relation("subscriptions", aggregate("sum", "subscriptions", "mrr", lt(num(1)))), sql: "COALESCE((select SUM(`r`.`mrr`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`), 0) < ?", bindings: [1], members: [2, 3, 5, 6, 7] },
  { name: "sum beyond 2^53 is exact", expr: relation("wallets", aggregate("sum", "wallets", "balance", gt(num(9007199254740991)))), sql: "COALESCE((select SUM(`r`.`balance`) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`), 0) > ?", bindings: [9007199254740991], members: [4] },
  { name: "sum of a negative balance", expr: relation("wallets", aggregate("sum", "wallets", "balance", lt(num(0)))), sql: "COALESCE((select SUM(`r`.`balance`) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`), 0) < ?", bindings: [0], members: [3] },
  { name: "sum between", expr: relation("invoices", aggregate("sum", "invoices", "total", between(num(5), num(7)))), sql: "COALESCE((select SUM(`r`.`total`) from `invoices` as `r` where `r`.`customer_id` = `c`.`id`), 0) BETWEEN ? AND ?", bindings: [5, 7], members: [4, 5] },
  { name: "sum in", expr: relation("invoices", aggregate("sum", "invoices", "amount_due", isIn(num(0), num(5)))), sql: "COALESCE((select SUM(`r`.`amount_due`) from `invoices` as `r` where `r`.`customer_id` = `c`.`id`), 0) IN (?, ?)", bindings: [0, 5], members: [2, 3, 4, 5, 6, 7] },
];

export const MIN_MAX_CASES: readonly PredicateCase[] = [
  { name: "min eq", expr: relation("subscriptions", aggregate("min", "subscriptions", "quantity", eq(num(1)))), sql: "((select MIN(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) = ?) IS TRUE", bindings: [1], members: [1, 3] },
  { name: "min is false without rows", expr: relation("subscriptions", aggregate("min", "subscriptions", "quantity", lt(num(100)))), sql: "((select MIN(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) < ?) IS TRUE", bindings: [100], members: [1, 3, 4] },
  { name: "min over filtered rows; no matching row is false", expr: relation("subscriptions", aggregate("min", "subscriptions", "mrr", gte(num(300))), sub("status", eq(str("active")))), sql: "((select MIN(`r`.`mrr`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?) >= ?) IS TRUE", bindings: ["active", 300], members: [1, 4] },
  { name: "min of a negative balance", expr: relation("wallets", aggregate("min", "wallets", "balance", lt(num(0)))), sql: "((select MIN(`r`.`balance`) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`) < ?) IS TRUE", bindings: [0], members: [3] },
  { name: "max gt", expr: relation("subscriptions", aggregate("max", "subscriptions", "mrr", gt(num(5000)))), sql: "((select MAX(`r`.`mrr`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) > ?) IS TRUE", bindings: [5000], members: [4] },
  { name: "max between", expr: relation("subscriptions", aggregate("max", "subscriptions", "quantity", between(num(2), num(5)))), sql: "((select MAX(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) BETWEEN ? AND ?) IS TRUE", bindings: [2, 5], members: [1] },
  { name: "max in", expr: relation("subscriptions", aggregate("max", "subscriptions", "quantity", isIn(num(1), num(100)))), sql: "((select MAX(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IN (?, ?)) IS TRUE", bindings: [1, 100], members: [3, 4] },
  { name: "max not_in is false without rows", expr: relation("subscriptions", aggregate("max", "subscriptions", "quantity", notIn(num(100)))), sql: "((select MAX(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) NOT IN (?)) IS TRUE", bindings: [100], members: [1, 3] },
  { name: "max neq is false without rows", expr: relation("wallets", aggregate("max", "wallets", "balance", neq(num(1)))), sql: "((select MAX(`r`.`balance`) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`) <> ?) IS TRUE", bindings: [1], members: [1, 3, 4] },
  { name: "max lte", expr: relation("invoices", aggregate("max", "invoices", "amount_due", lte(num(0)))), sql: "((select MAX(`r`.`amount_due`) from `invoices` as `r` where `r`.`customer_id` = `c`.`id`) <= ?) IS TRUE", bindings: [0], members: [5] },
];

export const AVG_CASES: readonly PredicateCase[] = [
  { name: "avg eq an integer", expr: relation("subscriptions", aggregate("avg", "subscriptions", "mrr", eq(num(2100)))), sql: "(select (COUNT(`r`.`mrr`) > 0 AND SUM(`r`.`mrr`) = COUNT(`r`.`mrr`) * CAST(? AS DECIMAL(65,10))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: [2100], members: [1] },
  { name: "avg is false without rows", expr: relation("subscriptions", aggregate("avg", "subscriptions", "mrr", lt(num(1)))), sql: "(select (COUNT(`r`.`mrr`) > 0 AND SUM(`r`.`mrr`) < COUNT(`r`.`mrr`) * CAST(? AS DECIMAL(65,10))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: [1], members: [3] },
  { name: "avg gt a decimal just below 8/3", expr: relation("subscriptions", aggregate("avg", "subscriptions", "quantity", gt(dec("2.6666666666")))), sql: "(select (COUNT(`r`.`quantity`) > 0 AND SUM(`r`.`quantity`) > COUNT(`r`.`quantity`) * CAST(? AS DECIMAL(65,10))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["2.6666666666"], members: [1, 4] },
  { name: "avg lt a decimal just above 8/3 (AVG() would round to 2.6667)", expr: relation("subscriptions", aggregate("avg", "subscriptions", "quantity", lt(dec("2.6666666667")))), sql: "(select (COUNT(`r`.`quantity`) > 0 AND SUM(`r`.`quantity`) < COUNT(`r`.`quantity`) * CAST(? AS DECIMAL(65,10))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["2.6666666667"], members: [1, 3] },
  { name: "avg between decimal and integer", expr: relation("subscriptions", aggregate("avg", "subscriptions", "mrr", between(dec("2100.0"), num(52200)))), sql: "(select (COUNT(`r`.`mrr`) > 0 AND SUM(`r`.`mrr`) BETWEEN COUNT(`r`.`mrr`) * CAST(? AS DECIMAL(65,10)) AND COUNT(`r`.`mrr`) * CAST(? AS DECIMAL(65,10))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["2100.0", 52200], members: [1, 4] },
  { name: "avg in", expr: relation("subscriptions", aggregate("avg", "subscriptions", "quantity", isIn(dec("51.5"), num(1)))), sql: "(select (COUNT(`r`.`quantity`) > 0 AND SUM(`r`.`quantity`) IN (COUNT(`r`.`quantity`) * CAST(? AS DECIMAL(65,10)), COUNT(`r`.`quantity`) * CAST(? AS DECIMAL(65,10)))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["51.5", 1], members: [3, 4] },
  { name: "avg not_in is false without rows", expr: relation("subscriptions", aggregate("avg", "subscriptions", "quantity", notIn(num(1)))), sql: "(select (COUNT(`r`.`quantity`) > 0 AND SUM(`r`.`quantity`) NOT IN (COUNT(`r`.`quantity`) * CAST(? AS DECIMAL(65,10)))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: [1], members: [1, 4] },
  { name: "avg neq", expr: relation("subscriptions", aggregate("avg", "subscriptions", "quantity", neq(dec("1")))), sql: "(select (COUNT(`r`.`quantity`) > 0 AND SUM(`r`.`quantity`) <> COUNT(`r`.`quantity`) * CAST(? AS DECIMAL(65,10))) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["1"], members: [1, 4] },
  { name: "avg with where", expr: relation("invoices", aggregate("avg", "invoices", "total", gte(dec("1333.6666666667"))), inv("status", eq(str("paid")))), sql: "(select (COUNT(`r`.`total`) > 0 AND SUM(`r`.`total`) >= COUNT(`r`.`total`) * CAST(? AS DECIMAL(65,10))) from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?) IS TRUE", bindings: ["1333.6666666667", "paid"], members: [] },
  { name: "avg with where, just below", expr: relation("invoices", aggregate("avg", "invoices", "total", gt(dec("1333.6666666666"))), inv("status", eq(str("paid")))), sql: "(select (COUNT(`r`.`total`) > 0 AND SUM(`r`.`total`) > COUNT(`r`.`total`) * CAST(? AS DECIMAL(65,10))) from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?) IS TRUE", bindings: ["1333.6666666666", "paid"], members: [1] },
  { name: "avg of 4/3 above 1.3333333333", expr: relation("wallets", aggregate("avg", "wallets", "balance", gt(dec("1.3333333333")))), sql: "(select (COUNT(`r`.`balance`) > 0 AND SUM(`r`.`balance`) > COUNT(`r`.`balance`) * CAST(? AS DECIMAL(65,10))) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["1.3333333333"], members: [1, 4] },
  { name: "avg of 4/3 below 1.3333333334", expr: relation("wallets", aggregate("avg", "wallets", "balance", lt(dec("1.3333333334")))), sql: "(select (COUNT(`r`.`balance`) > 0 AND SUM(`r`.`balance`) < COUNT(`r`.`balance`) * CAST(? AS DECIMAL(65,10))) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["1.3333333334"], members: [1, 3] },
  { name: "avg of huge balances is exact", expr: relation("wallets", aggregate("avg", "wallets", "balance", eq(num(9007199254740991)))), sql: "(select (COUNT(`r`.`balance`) > 0 AND SUM(`r`.`balance`) = COUNT(`r`.`balance`) * CAST(? AS DECIMAL(65,10))) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: [9007199254740991], members: [4] },
  { name: "avg with a negative decimal", expr: relation("wallets", aggregate("avg", "wallets", "balance", lte(dec("-499.9999999999")))), sql: "(select (COUNT(`r`.`balance`) > 0 AND SUM(`r`.`balance`) <= COUNT(`r`.`balance`) * CAST(? AS DECIMAL(65,10))) from `wallets` as `r` where `r`.`customer_id` = `c`.`id`) IS TRUE", bindings: ["-499.9999999999"], members: [3] },
];
