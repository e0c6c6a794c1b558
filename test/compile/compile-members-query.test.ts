/**
 * The statements around a predicate: member scans with keyset pagination and partitions,
 * counts, membership of known customers, and one customer in many segments. Exact text first, then behaviour on MariaDB.
 */
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileCountQuery, compileMembersQuery, compileMembershipQuery, compileMultiMembershipQuery } from "../../src/compile/compile-members-query.js";
import type { SqlPlan } from "../../src/compile/sql-plan.js";
import { BOOL_CASES, ENUM_CASES, INTEGER_CASES, MATCHES_CASES, STRING_CASES, TIMESTAMP_CASES } from "./cases/customer-column.cases.js";
import { CUSTOM_FIELD_CASES, INJECTION_CASES } from "./cases/custom-field.cases.js";
import { LOGIC_CASES, SEGMENT_CASES } from "./cases/logic.cases.js";
import { AVG_CASES, COUNT_CASES, MIN_MAX_CASES, QUANTIFIER_CASES, SUM_CASES } from "./cases/relation.cases.js";
import { LAST_N_CASES, PERIOD_CASES } from "./cases/window.cases.js";
import { openCompileTestDb, runIds, runRows } from "./fixtures/compile-test-db.js";
import { ALL_CUSTOMERS, NOW_MS } from "./fixtures/dataset.js";
import { any, cond, customer, eq, exists, field, last, relation, str } from "./fixtures/ir.js";
import { optionsOf } from "./fixtures/predicate-cases.js";

const options = { instantMs: NOW_MS, dialect: "mariadb" } as const;
const countryDe = customer("country", eq(str("DE")));
const COUNTRY_DE_SQL = "(`c`.`country` IS NOT NULL AND `c`.`country` = ?)";
const latestInvoicePaid = relation("invoices", any, cond(field("invoices", "status"), eq(str("paid"))), last(1));
/** `latestInvoicePaid` on the customer `c`: a correlated probe of the latest invoice, whatever the statement. */
const LATEST_INVOICE_PAID_SQL =
  "EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and ((`r`.`issued_at`, `r`.`id`) < " +
  "(select `n`.`issued_at`, `n`.`id` from `invoices` as `n` where `n`.`customer_id` = `c`.`id` order by `n`.`issued_at` desc, `n`.`id` desc limit ?)) IS NOT TRUE and `r`.`status` = ?)";

const ALL_CASES = [
  ...STRING_CASES, ...MATCHES_CASES, ...ENUM_CASES, ...INTEGER_CASES, ...BOOL_CASES, ...TIMESTAMP_CASES,
  ...CUSTOM_FIELD_CASES, ...INJECTION_CASES, ...QUANTIFIER_CASES, ...COUNT_CASES, ...SUM_CASES, ...MIN_MAX_CASES,
  ...AVG_CASES, ...LAST_N_CASES, ...PERIOD_CASES, ...LOGIC_CASES, ...SEGMENT_CASES,
];

describe("statement text", () => {
  it.each<{ name: string; plan: () => SqlPlan; expected: SqlPlan }>([
    {
      name: "member scan",
      plan: () => compileMembersQuery(countryDe, options),
      expected: { sql: `select \`c\`.\`id\` from \`customers\` as \`c\` where ${COUNTRY_DE_SQL} order by \`c\`.\`id\` asc`, bindings: ["DE"] },
    },
    {
      name: "member page after an id, in a partition, limited — every number a binding",
      plan: () => compileMembersQuery(countryDe, { ...options, afterId: 3, limit: 2, partition: { index: 1, count: 3 } }),
      expected: {
        sql: `select \`c\`.\`id\` from \`customers\` as \`c\` where ${COUNTRY_DE_SQL} and \`c\`.\`id\` > ? and \`c\`.\`id\` MOD ? = ? order by \`c\`.\`id\` asc limit ?`,
        bindings: ["DE", 3, 3, 1, 2],
      },
    },
    {
      name: "count",
      plan: () => compileCountQuery(countryDe, options),
      expected: { sql: `select count(*) as \`n\` from \`customers\` as \`c\` where ${COUNTRY_DE_SQL}`, bindings: ["DE"] },
    },
    {
      name: "membership of known customers: a last-N window probes each customer's own rows",
      plan: () => compileMembershipQuery(latestInvoicePaid, [5, 1], options),
      expected: {
        sql: "select `c`.`id`, (" + LATEST_INVOICE_PAID_SQL + ") AS `member` from `customers` as `c` where `c`.`id` in (?, ?) order by `c`.`id` asc",
        bindings: [1, "paid", 5, 1],
      },
    },
    {
      name: "membership of no customers is a statement without rows",
      plan: () => compileMembershipQuery(countryDe, [], options),
      expected: { sql: `select \`c\`.\`id\`, (${COUNTRY_DE_SQL}) AS \`member\` from \`customers\` as \`c\` where 1 = ? order by \`c\`.\`id\` asc`, bindings: ["DE", 0] },
    },
    {
      name: "one customer in several segments",
      plan: () => compileMultiMembershipQuery([countryDe, latestInvoicePaid], 4, options),
      expected: {
        sql: `select (${COUNTRY_DE_SQL}) AS \`m0\`, (${LATEST_INVOICE_PAID_SQL}) AS \`m1\` from \`customers\` as \`c\` where \`c\`.\`id\` = ?`,
        bindings: ["DE", 1, "paid", 4],
      },
    },
  ])("$name", ({ plan, expected }) => {
    expect(plan()).toEqual(expected);
  });
});

describe("determinism", () => {
  it.each(ALL_CASES)("$name: the same IR, even rebuilt, compiles to the same SQL", (c) => {
    const first = compileMembersQuery(c.expr, { ...optionsOf(c), afterId: 1, limit: 5 });
    const again = compileMembersQuery(structuredClone(c.expr), { ...optionsOf(c), afterId: 1, limit: 5 });
    expect(again).toEqual(first);
    expect(compileMembershipQuery(structuredClone(c.expr), [1, 2], optionsOf(c))).toEqual(compileMembershipQuery(c.expr, [1, 2], optionsOf(c)));
  });
});

describe("argument checks", () => {
  it.each([
    { name: "negative afterId", run: () => compileMembersQuery(countryDe, { ...options, afterId: -1 }) },
    { name: "fractional afterId", run: () => compileMembersQuery(countryDe, { ...options, afterId: 1.5 }) },
    { name: "zero limit", run: () => compileMembersQuery(countryDe, { ...options, limit: 0 }) },
    { name: "zero partitions", run: () => compileMembersQuery(countryDe, { ...options, partition: { index: 0, count: 0 } }) },
    { name: "partition index out of range", run: () => compileMembersQuery(countryDe, { ...options, partition: { index: 3, count: 3 } }) },
    { name: "unsafe customer id", run: () => compileMembershipQuery(countryDe, [2 ** 53], options) },
    { name: "no predicates for one customer", run: () => compileMultiMembershipQuery([], 1, options) },
  ])("$name is rejected", ({ run }) => {
    expect(run).toThrowError(RangeError);
  });
});

describe("statements on MariaDB", () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await openCompileTestDb();
  });
  afterAll(async () => {
    await knex.destroy();
  });

  const hasCountry = customer("country", exists);
  const withCountry = [1, 3, 4, 5, 6, 7];

  it("keyset pages of 2 concatenate to the full member list", async () => {
    const pages: number[][] = [];
    let afterId = 0;
    for (;;) {
      const page = await runIds(knex, compileMembersQuery(hasCountry, { ...options, afterId, limit: 2 }));
      if (page.length === 0) break;
      pages.push(page);
      afterId = page[page.length - 1] ?? afterId;
    }
    expect(pages).toEqual([[1, 3], [4, 5], [6, 7]]);
  });

  it("partitions split the members by id MOD count, disjoint and complete", async () => {
    const parts = await Promise.all([0, 1, 2].map((index) => runIds(knex, compileMembersQuery(hasCountry, { ...options, partition: { index, count: 3 } }))));
    expect(parts).toEqual([[3, 6], [1, 4, 7], [5]]);
  });

  it.each(ALL_CASES)("count of $name equals its member count", async (c) => {
    const rows = await runRows(knex, compileCountQuery(c.expr, optionsOf(c)));
    expect(rows).toEqual([{ n: c.members.length }]);
  });

  it("membership returns no row for unknown customers and none for an empty list", async () => {
    expect(await runRows(knex, compileMembershipQuery(countryDe, [999, 1000], options))).toEqual([]);
    expect(await runRows(knex, compileMembershipQuery(countryDe, [], options))).toEqual([]);
    expect(await runRows(knex, compileMembershipQuery(latestInvoicePaid, [], options))).toEqual([]);
  });

  it("membership of one customer with a last-N window ignores other customers' rows", async () => {
    const rows = await runRows(knex, compileMembershipQuery(latestInvoicePaid, [1], options));
    expect(rows).toEqual([{ id: 1, member: 1 }]);
  });

  it("one customer in several segments: no row for an unknown customer", async () => {
    expect(await runRows(knex, compileMultiMembershipQuery([countryDe, latestInvoicePaid], 999, options))).toEqual([]);
    expect(await runRows(knex, compileMultiMembershipQuery([countryDe, latestInvoicePaid], 1, options))).toEqual([{ m0: 1, m1: 1 }]);
    expect(await runRows(knex, compileMultiMembershipQuery([countryDe, latestInvoicePaid], 4, options))).toEqual([{ m0: 0, m1: 0 }]);
  });

  it("every member scan is complete and ordered (sanity of the fixture)", async () => {
    expect(await runIds(knex, compileMembersQuery(customer("id", exists), options))).toEqual([...ALL_CUSTOMERS]);
    expect(withCountry).toEqual(await runIds(knex, compileMembersQuery(hasCountry, options)));
  });
});
