/**
 * The dialect module: telling MariaDB from MySQL/TiDB by the version text, giving a statement a
 * server-side time limit in each dialect's own syntax, and bounding the regex engine.
 */
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import {
  DEFAULT_REGEX_MATCH_LIMIT,
  type DialectName,
  detectDialect,
  regexTimeLimitStatement,
  regexWithEngineLimit,
  withStatementTimeLimit,
} from "../../src/db/dialect.js";
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

describe("regexWithEngineLimit", () => {
  it.each<[string, DialectName, number | undefined, string]>([
    ["^(?:a[^\\n]*)\\z", "mariadb", undefined, `(*LIMIT_MATCH=${DEFAULT_REGEX_MATCH_LIMIT})^(?:a[^\\n]*)\\z`],
    ["(?i)^(?:ab)\\z", "mariadb", 1000, "(*LIMIT_MATCH=1000)(?i)^(?:ab)\\z"],
    ["(?i)^(?:ab)\\z", "mysql", 1000, "(?i)^(?:ab)\\z"],
    ["^(?:ab)\\z", "mysql", undefined, "^(?:ab)\\z"],
  ])("%s on %s with limit %s", (pattern, dialect, limit, expected) => {
    expect(regexWithEngineLimit(pattern, dialect, limit)).toBe(expected);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses a limit of %d", (limit) => {
    expect(() => regexWithEngineLimit("^(?:a)\\z", "mariadb", limit)).toThrowError(RangeError);
  });

  it("the compiler emits the bounded pattern on MariaDB and the plain one on MySQL", () => {
    const expr = customer("name", { op: "matches", regex: "a[^\\n]*", caseInsensitive: false });
    expect(compileMembersQuery(expr, { instantMs: NOW_MS, dialect: "mariadb", regexMatchLimit: 5000 }).bindings).toContain("(*LIMIT_MATCH=5000)^(?:a[^\\n]*)\\z");
    expect(compileMembersQuery(expr, { instantMs: NOW_MS, dialect: "mysql", regexMatchLimit: 5000 }).bindings).toContain("^(?:a[^\\n]*)\\z");
  });
});

describe("regexTimeLimitStatement", () => {
  it("is a global SET on MySQL 8 (regexp_time_limit has no session scope) and nothing on MariaDB", () => {
    expect(regexTimeLimitStatement("mysql", 32)).toBe("SET GLOBAL regexp_time_limit = 32");
    expect(regexTimeLimitStatement("mysql", 500)).toBe("SET GLOBAL regexp_time_limit = 500");
    expect(regexTimeLimitStatement("mariadb", 500)).toBeUndefined();
  });

  it.each([0, -3, 2.5])("refuses %d steps", (steps) => {
    expect(() => regexTimeLimitStatement("mysql", steps)).toThrowError(RangeError);
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
