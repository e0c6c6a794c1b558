/**
 * Relation windows (docs/semantics.md §6 "Windows"). Rows by natural time, most recent first
 * (ties broken by the higher id):
 *
 * invoices       c1: 204 paid 1001 (03-01), 203 open 1500 (03-01), 202 paid 2000 (02-01), 201 paid 1000 (01-01)
 *                c4: 205 uncollectible 5 (2024-06-15 12:00 = now)
 *                c5: 207 void 4 (2024-05-15 12:00), 206 paid 3 (2024-05-15 11:59:59.999)
 * wallets        c1: 303 CHF (02-01), 302 USD (02-01), 301 EUR (01-01); c3: 304 USD; c4: 306 USD, 305 EUR
 * verifications  c1: 402 identity failed (02-01), 401 email verified (01-01); c2: 403; c5: 404
 * subscriptions  c1: 103 active (03-01), 102 canceled (03-01), 101 active (01-01); c3: 104; c4: 106, 105
 *
 * `where` applies after the window; without rows in the window any is false, all/none true,
 * count/sum 0, min/max/avg false. Periods are half-open [from, to).
 */
import type { PredicateCase } from "../fixtures/predicate-cases.js";
import { aggregate, ago, all, any, at, cond, count, dec, eq, exists, field, gt, gte, last, lt, none, num, period, rel, relation, str } from "../fixtures/ir.js";

/**
 * The window test of a `last n` relation over `table` by `time` (src/compile/last-n-window.ts):
 * the related row `r` is not before the n-th most recent row `n`. Its bindings: `lastN(n)`.
 */
const inLastN = (table: string, time: string, n: number): string =>
  "((`r`.`" + time + "`, `r`.`id`) < (select `n`.`" + time + "`, `n`.`id` from `" + table + "` as `n` where `n`.`customer_id` = `c`.`id` order by `n`.`" + time + "` desc, `n`.`id` desc limit ?" + (n > 1 ? " offset ?" : "") + ")) IS NOT TRUE";
/** Bindings of `inLastN`: LIMIT 1, then OFFSET n - 1 (knex leaves out OFFSET 0). */
const lastN = (n: number): number[] => (n > 1 ? [1, n - 1] : [1]);
/** `from <table> as r where r.customer_id = c.id and <in the last n>`. */
const rowsInLastN = (table: string, time: string, n: number): string =>
  "from `" + table + "` as `r` where `r`.`customer_id` = `c`.`id` and " + inLastN(table, time, n);

const inv = (column: string, test: Parameters<typeof cond>[1]) => cond(field("invoices", column), test);

export const LAST_N_CASES: readonly PredicateCase[] = [
  { name: "last 1 all paid looks only at the latest invoice; vacuous without invoices", expr: relation("invoices", all, inv("status", eq(str("paid"))), last(1)), sql: "NOT EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 1) + " and NOT (`r`.`status` = ?))", bindings: [...lastN(1), "paid"], members: [1, 2, 3, 6, 7] },
  { name: "last 2 all paid", expr: relation("invoices", all, inv("status", eq(str("paid"))), last(2)), sql: "NOT EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 2) + " and NOT (`r`.`status` = ?))", bindings: [...lastN(2), "paid"], members: [2, 3, 6, 7] },
  { name: "last 2 any open", expr: relation("invoices", any, inv("status", eq(str("open"))), last(2)), sql: "EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 2) + " and `r`.`status` = ?)", bindings: [...lastN(2), "open"], members: [1] },
  { name: "last 1 any open: a time tie goes to the higher id", expr: relation("invoices", any, inv("status", eq(str("open"))), last(1)), sql: "EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 1) + " and `r`.`status` = ?)", bindings: [...lastN(1), "open"], members: [] },
  { name: "last 1 none open", expr: relation("invoices", none, inv("status", eq(str("open"))), last(1)), sql: "NOT EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 1) + " and `r`.`status` = ?)", bindings: [...lastN(1), "open"], members: [1, 2, 3, 4, 5, 6, 7] },
  { name: "last 1 any without where: has a row", expr: relation("invoices", any, null, last(1)), sql: "EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 1) + ")", bindings: [...lastN(1)], members: [1, 4, 5] },
  { name: "last 3 all without where: always true", expr: relation("invoices", all, null, last(3)), sql: "TRUE", bindings: [], members: [1, 2, 3, 4, 5, 6, 7] },
  { name: "last 2 all on a nullable column: missing fails", expr: relation("invoices", all, inv("paid_at", exists), last(2)), sql: "NOT EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 2) + " and NOT (`r`.`paid_at` IS NOT NULL))", bindings: [...lastN(2)], members: [2, 3, 6, 7] },
  { name: "last 2 none on a nullable column", expr: relation("invoices", none, inv("paid_at", exists), last(2)), sql: "NOT EXISTS (select 1 " + rowsInLastN("invoices", "issued_at", 2) + " and `r`.`paid_at` IS NOT NULL)", bindings: [...lastN(2)], members: [2, 3, 4, 6, 7] },
  { name: "last 2 count with where", expr: relation("invoices", count(eq(num(1))), inv("status", eq(str("paid"))), last(2)), sql: "COALESCE((select COUNT(*) " + rowsInLastN("invoices", "issued_at", 2) + " and `r`.`status` = ?), 0) = ?", bindings: [...lastN(2), "paid", 1], members: [1, 5] },
  { name: "last 3 count: fewer rows than N", expr: relation("invoices", count(gte(num(3))), null, last(3)), sql: "COALESCE((select COUNT(*) " + rowsInLastN("invoices", "issued_at", 3) + "), 0) >= ?", bindings: [...lastN(3), 3], members: [1] },
  { name: "last 3 count eq 0 holds without rows", expr: relation("invoices", count(eq(num(0))), null, last(3)), sql: "COALESCE((select COUNT(*) " + rowsInLastN("invoices", "issued_at", 3) + "), 0) = ?", bindings: [...lastN(3), 0], members: [2, 3, 6, 7] },
  { name: "last 1000 counts every row", expr: relation("invoices", count(eq(num(4))), null, last(1000)), sql: "COALESCE((select COUNT(*) " + rowsInLastN("invoices", "issued_at", 1000) + "), 0) = ?", bindings: [...lastN(1000), 4], members: [1] },
  { name: "last 2 sum", expr: relation("invoices", aggregate("sum", "invoices", "total", eq(num(2501))), null, last(2)), sql: "COALESCE((select SUM(`r`.`total`) " + rowsInLastN("invoices", "issued_at", 2) + "), 0) = ?", bindings: [...lastN(2), 2501], members: [1] },
  { name: "last 2 sum lt includes empty sums", expr: relation("invoices", aggregate("sum", "invoices", "total", lt(num(10))), null, last(2)), sql: "COALESCE((select SUM(`r`.`total`) " + rowsInLastN("invoices", "issued_at", 2) + "), 0) < ?", bindings: [...lastN(2), 10], members: [2, 3, 4, 5, 6, 7] },
  { name: "last 3 min", expr: relation("invoices", aggregate("min", "invoices", "total", gte(num(1001))), null, last(3)), sql: "((select MIN(`r`.`total`) " + rowsInLastN("invoices", "issued_at", 3) + ") >= ?) IS TRUE", bindings: [...lastN(3), 1001], members: [1] },
  { name: "last 2 max with where", expr: relation("invoices", aggregate("max", "invoices", "total", eq(num(3))), inv("status", eq(str("paid"))), last(2)), sql: "((select MAX(`r`.`total`) " + rowsInLastN("invoices", "issued_at", 2) + " and `r`.`status` = ?) = ?) IS TRUE", bindings: [...lastN(2), "paid", 3], members: [5] },
  { name: "last 2 avg eq a fraction", expr: relation("invoices", aggregate("avg", "invoices", "total", eq(dec("1250.5"))), null, last(2)), sql: "(select (COUNT(`r`.`total`) > 0 AND SUM(`r`.`total`) = COUNT(`r`.`total`) * CAST(? AS DECIMAL(65,10))) " + rowsInLastN("invoices", "issued_at", 2) + ") IS TRUE", bindings: ["1250.5", ...lastN(2)], members: [1] },
  { name: "last 2 avg gt", expr: relation("invoices", aggregate("avg", "invoices", "total", gt(dec("3.4"))), null, last(2)), sql: "(select (COUNT(`r`.`total`) > 0 AND SUM(`r`.`total`) > COUNT(`r`.`total`) * CAST(? AS DECIMAL(65,10))) " + rowsInLastN("invoices", "issued_at", 2) + ") IS TRUE", bindings: ["3.4", ...lastN(2)], members: [1, 4, 5] },
  { name: "last 3 avg gt just below 4501/3 (AVG() would round to 1500.3333)", expr: relation("invoices", aggregate("avg", "invoices", "total", gt(dec("1500.3333333333"))), null, last(3)), sql: "(select (COUNT(`r`.`total`) > 0 AND SUM(`r`.`total`) > COUNT(`r`.`total`) * CAST(? AS DECIMAL(65,10))) " + rowsInLastN("invoices", "issued_at", 3) + ") IS TRUE", bindings: ["1500.3333333333", ...lastN(3)], members: [1] },
  { name: "last 1 wallet: tie on created_at goes to the higher id", expr: relation("wallets", any, cond(field("wallets", "currency"), eq(str("CHF"))), last(1)), sql: "EXISTS (select 1 " + rowsInLastN("wallets", "created_at", 1) + " and `r`.`currency` = ?)", bindings: [...lastN(1), "CHF"], members: [1] },
  { name: "last 1 wallet in USD", expr: relation("wallets", any, cond(field("wallets", "currency"), eq(str("USD"))), last(1)), sql: "EXISTS (select 1 " + rowsInLastN("wallets", "created_at", 1) + " and `r`.`currency` = ?)", bindings: [...lastN(1), "USD"], members: [3, 4] },
  { name: "last 1 verification failed", expr: relation("verifications", any, cond(field("verifications", "status"), eq(str("failed"))), last(1)), sql: "EXISTS (select 1 " + rowsInLastN("verifications", "created_at", 1) + " and `r`.`status` = ?)", bindings: [...lastN(1), "failed"], members: [1] },
  { name: "last 1 subscription: tie on started_at goes to the higher id", expr: relation("subscriptions", all, cond(field("subscriptions", "status"), eq(str("active"))), last(1)), sql: "NOT EXISTS (select 1 " + rowsInLastN("subscriptions", "started_at", 1) + " and NOT (`r`.`status` = ?))", bindings: [...lastN(1), "active"], members: [1, 2, 4, 5, 6, 7] },
];

export const PERIOD_CASES: readonly PredicateCase[] = [
  { name: "from only: from is inclusive", expr: relation("invoices", any, null, period(at("2024-03-01T00:00:00.000Z"), null)), sql: "EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ?)", bindings: ["2024-03-01 00:00:00.000"], members: [1, 4, 5] },
  { name: "to only: to is exclusive", expr: relation("invoices", count(eq(num(2))), null, period(null, at("2024-03-01T00:00:00.000Z"))), sql: "COALESCE((select COUNT(*) from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` < ?), 0) = ?", bindings: ["2024-03-01 00:00:00.000", 2], members: [1] },
  { name: "relative bounds: [1 month ago, now)", expr: relation("invoices", any, null, period(ago(1, "month"), rel(0, "second"))), sql: "EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ? and `r`.`issued_at` < ?)", bindings: ["2024-05-15 12:00:00.000", "2024-06-15 12:00:00.000"], members: [5] },
  { name: "relative bounds with count", expr: relation("invoices", count(eq(num(1))), null, period(ago(1, "month"), rel(0, "second"))), sql: "COALESCE((select COUNT(*) from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ? and `r`.`issued_at` < ?), 0) = ?", bindings: ["2024-05-15 12:00:00.000", "2024-06-15 12:00:00.000", 1], members: [5] },
  { name: "all in a period is vacuous without rows in it", expr: relation("invoices", all, inv("status", eq(str("paid"))), period(ago(1, "month"), null)), sql: "NOT EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ? and NOT (`r`.`status` = ?))", bindings: ["2024-05-15 12:00:00.000", "paid"], members: [1, 2, 3, 6, 7] },
  { name: "none in a period", expr: relation("invoices", none, inv("status", eq(str("void"))), period(ago(1, "month"), null)), sql: "NOT EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ? and `r`.`status` = ?)", bindings: ["2024-05-15 12:00:00.000", "void"], members: [1, 2, 3, 4, 6, 7] },
  { name: "sum in a closed period", expr: relation("invoices", aggregate("sum", "invoices", "total", eq(num(1000))), null, period(at("2024-01-01T00:00:00.000Z"), at("2024-02-01T00:00:00.000Z"))), sql: "COALESCE((select SUM(`r`.`total`) from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ? and `r`.`issued_at` < ?), 0) = ?", bindings: ["2024-01-01 00:00:00.000", "2024-02-01 00:00:00.000", 1000], members: [1] },
  { name: "avg in a period", expr: relation("invoices", aggregate("avg", "invoices", "total", eq(dec("1250.5"))), null, period(at("2024-03-01T00:00:00.000Z"), at("2024-03-02T00:00:00.000Z"))), sql: "(select (COUNT(`r`.`total`) > 0 AND SUM(`r`.`total`) = COUNT(`r`.`total`) * CAST(? AS DECIMAL(65,10))) from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`issued_at` >= ? and `r`.`issued_at` < ?) IS TRUE", bindings: ["1250.5", "2024-03-01 00:00:00.000", "2024-03-02 00:00:00.000"], members: [1] },
  { name: "max in a period", expr: relation("subscriptions", aggregate("max", "subscriptions", "quantity", gte(num(3))), null, period(ago(1, "year"), null)), sql: "((select MAX(`r`.`quantity`) from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`started_at` >= ?) >= ?) IS TRUE", bindings: ["2023-06-15 12:00:00.000", 3], members: [1, 4] },
  { name: "period on wallets", expr: relation("wallets", any, null, period(at("2024-02-01T00:00:00.000Z"), at("2024-03-01T00:00:00.000Z"))), sql: "EXISTS (select 1 from `wallets` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`created_at` >= ? and `r`.`created_at` < ?)", bindings: ["2024-02-01 00:00:00.000", "2024-03-01 00:00:00.000"], members: [1] },
  { name: "period on verifications with week bounds", expr: relation("verifications", any, null, period(ago(16, "week"), null)), sql: "EXISTS (select 1 from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`created_at` >= ?)", bindings: ["2024-02-24 12:00:00.000"], members: [2, 5] },
];
