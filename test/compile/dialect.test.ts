/**
 * The dialect module: telling MariaDB from MySQL/TiDB by the version text, and giving a
 * statement a server-side time limit in each dialect's own syntax.
 */
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import { type DialectName, detectDialect, withStatementTimeLimit } from "../../src/db/dialect.js";
import { openCompileTestDb, runIds } from "./fixtures/compile-test-db.js";
import { NOW_MS } from "./fixtures/dataset.js";
import { customer, eq, str } from "./fixtures/ir.js";

describe("detectDialect", () => {
  it.each<[string, DialectName]>([
    ["10.11.19-MariaDB-0+deb12u1", "mariadb"],
    ["5.5.5-10.6.16-MariaDB-log", "mariadb"],
    ["11.4.2-mariadb", "mariadb"],
    ["8.0.36", "mysql"],
    ["8.4.0-commercial", "mysql"],
    ["8.0.11-TiDB-v7.5.1", "mysql"],
  ])("%s → %s", (version, dialect) => {
    expect(detectDialect(version)).toBe(dialect);
  });
});

describe("withStatementTimeLimit", () => {
  it.each<[string, number, DialectName, string]>([
    ["select 1", 1500, "mariadb", "SET STATEMENT max_statement_time=1.500 FOR select 1"],
    ["select 1", 1, "mariadb", "SET STATEMENT max_statement_time=0.001 FOR select 1"],
    ["select 1", 30_000, "mariadb", "SET STATEMENT max_statement_time=30.000 FOR select 1"],
    ["select 1", 0.2, "mariadb", "SET STATEMENT max_statement_time=0.001 FOR select 1"],
    ["select `c`.`id` from `customers` as `c`", 1500, "mysql", "select /*+ MAX_EXECUTION_TIME(1500) */ `c`.`id` from `customers` as `c`"],
    ["  SELECT count(*) as `n`", 250, "mysql", "  SELECT /*+ MAX_EXECUTION_TIME(250) */ count(*) as `n`"],
    ["update t set a = 1", 250, "mysql", "update t set a = 1"],
    ["selective_table", 250, "mysql", "selective_table"],
  ])("%s with %d ms on %s", (sql, ms, dialect, expected) => {
    expect(withStatementTimeLimit(sql, ms, dialect)).toBe(expected);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses a limit of %d ms", (ms) => {
    expect(() => withStatementTimeLimit("select 1", ms, "mariadb")).toThrowError(RangeError);
  });
});

describe("statement time limit on MariaDB", () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await openCompileTestDb();
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it("a compiled plan with a limit runs with its bindings", async () => {
    const plan = compileMembersQuery(customer("country", eq(str("DE"))), { instantMs: NOW_MS, dialect: "mariadb" });
    expect(await runIds(knex, { sql: withStatementTimeLimit(plan.sql, 5_000, "mariadb"), bindings: plan.bindings })).toEqual([1, 6, 7]);
  });

  it("a statement over its limit is interrupted by the server", async () => {
    const slow = "select count(*) as n from information_schema.columns a, information_schema.columns b, information_schema.columns c";
    const started = Date.now();
    await expect(knex.raw(withStatementTimeLimit(slow, 200, "mariadb"))).rejects.toMatchObject({ errno: 1969 });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
