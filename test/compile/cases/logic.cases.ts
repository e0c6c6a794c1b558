/**
 * and / or / not and inlined segment references. `not` is the exact complement over all
 * customers, including those with missing fields and without related rows (every case's
 * complement is also checked on the database by the runner).
 */
import type { PredicateCase } from "../fixtures/predicate-cases.js";
import { and, any, bool, cond, customer, eq, exists, field, gt, not, num, or, relation, segment, str } from "../fixtures/ir.js";

const countryDe = customer("country", eq(str("DE")));

export const LOGIC_CASES: readonly PredicateCase[] = [
  { name: "and", expr: and(countryDe, customer("status", eq(str("active")))), sql: "((`c`.`country` IS NOT NULL AND `c`.`country` = ?) AND `c`.`status` = ?)", bindings: ["DE", "active"], members: [1, 6] },
  { name: "or", expr: or(customer("tier", eq(str("free"))), customer("employee_count", gt(num(1000)))), sql: "((`c`.`tier` IS NOT NULL AND `c`.`tier` = ?) OR (`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` > ?))", bindings: ["free", 1000], members: [3, 4, 7] },
  { name: "not of or", expr: not(or(customer("tier", eq(str("free"))), customer("employee_count", gt(num(1000))))), sql: "NOT (((`c`.`tier` IS NOT NULL AND `c`.`tier` = ?) OR (`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` > ?)))", bindings: ["free", 1000], members: [1, 2, 5, 6] },
  { name: "not on a nullable column includes the missing value", expr: not(countryDe), sql: "NOT ((`c`.`country` IS NOT NULL AND `c`.`country` = ?))", bindings: ["DE"], members: [2, 3, 4, 5] },
  { name: "double negation", expr: not(not(countryDe)), sql: "NOT (NOT ((`c`.`country` IS NOT NULL AND `c`.`country` = ?)))", bindings: ["DE"], members: [1, 6, 7] },
  { name: "and with a negated exists", expr: and(not(customer("country", exists)), customer("tax_exempt", eq(bool(true)))), sql: "(NOT (`c`.`country` IS NOT NULL) AND `c`.`tax_exempt` = ?)", bindings: [1], members: [2] },
  { name: "single-item and", expr: and(countryDe), sql: "((`c`.`country` IS NOT NULL AND `c`.`country` = ?))", bindings: ["DE"], members: [1, 6, 7] },
  { name: "single-item or", expr: or(countryDe), sql: "((`c`.`country` IS NOT NULL AND `c`.`country` = ?))", bindings: ["DE"], members: [1, 6, 7] },
  { name: "or inside and inside or", expr: or(and(countryDe, or(customer("tier", eq(str("free"))), customer("employee_count", eq(num(12))))), customer("country", eq(str("FR")))), sql: "(((`c`.`country` IS NOT NULL AND `c`.`country` = ?) AND ((`c`.`tier` IS NOT NULL AND `c`.`tier` = ?) OR (`c`.`employee_count` IS NOT NULL AND `c`.`employee_count` = ?))) OR (`c`.`country` IS NOT NULL AND `c`.`country` = ?))", bindings: ["DE", "free", 12, "FR"], members: [1, 4, 6, 7] },
  {
    name: "or of relations over different scopes",
    expr: or(relation("subscriptions", any, cond(field("subscriptions", "status"), eq(str("active")))), relation("verifications", any, cond(field("verifications", "kind"), eq(str("phone"))))),
    sql: "(EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`status` = ?) OR EXISTS (select 1 from `verifications` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`kind` = ?))",
    bindings: ["active", "phone"],
    members: [1, 2, 4],
  },
  { name: "not of a relation", expr: not(relation("subscriptions", any)), sql: "NOT (EXISTS (select 1 from `subscriptions` as `r` where `r`.`customer_id` = `c`.`id`))", bindings: [], members: [2, 5, 6, 7] },
];

export const SEGMENT_CASES: readonly PredicateCase[] = [
  { name: "a segment reference is its body, inlined", expr: segment(countryDe), sql: "(`c`.`country` IS NOT NULL AND `c`.`country` = ?)", bindings: ["DE"], members: [1, 6, 7] },
  { name: "not of a segment reference", expr: not(segment(countryDe)), sql: "NOT ((`c`.`country` IS NOT NULL AND `c`.`country` = ?))", bindings: ["DE"], members: [2, 3, 4, 5] },
  { name: "nested segment references with a relation", expr: and(segment(segment(relation("invoices", any))), customer("status", eq(str("active")))), sql: "(EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id`) AND `c`.`status` = ?)", bindings: ["active"], members: [1, 5] },
];
