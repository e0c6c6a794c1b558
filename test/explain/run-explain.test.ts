import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import { explainStatement, knexExplainRunner } from "../../src/explain/run-explain.js";
import { parseExplainJson } from "../../src/explain/parse-explain-json.js";
import { openExplainTestDb } from "./explain-test-db.js";
import { cond, field, str } from "./ir.js";

const PLAN = { sql: "select `c`.`id` from `customers` as `c` where `c`.`country` = ?", bindings: ["DE"] };

describe("explainStatement", () => {
  it.each([
    ["mariadb without a limit", { dialect: "mariadb" }, `EXPLAIN FORMAT=JSON ${PLAN.sql}`],
    ["mysql without a limit", { dialect: "mysql" }, `EXPLAIN FORMAT=JSON ${PLAN.sql}`],
    ["mariadb with a limit wraps the whole EXPLAIN", { dialect: "mariadb", timeoutMs: 1500 }, `SET STATEMENT max_statement_time=1.500 FOR EXPLAIN FORMAT=JSON ${PLAN.sql}`],
    ["mysql with a limit puts the hint in the SELECT", { dialect: "mysql", timeoutMs: 1500 }, "EXPLAIN FORMAT=JSON select /*+ MAX_EXECUTION_TIME(1500) */ `c`.`id` from `customers` as `c` where `c`.`country` = ?"],
  ] as const)("%s", (_name, options, sql) => {
    expect(explainStatement(PLAN, options)).toEqual({ sql, bindings: ["DE"] });
  });
});

describe("knexExplainRunner on MariaDB", () => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await openExplainTestDb();
  });
  afterAll(async () => {
    await knex.destroy();
  });

  it.each([
    ["without a time limit", undefined],
    ["with a time limit", 5000],
  ])("returns the plan of the statement with its bindings, %s", async (_name, timeoutMs) => {
    const plan = compileMembersQuery(cond("p", field("customer", "country"), { op: "eq", value: str("DE") }), { instantMs: 0, dialect: "mariadb" });
    const text = await knexExplainRunner(knex, { dialect: "mariadb", ...(timeoutMs === undefined ? {} : { timeoutMs }) })(plan);
    expect(JSON.parse(text)).toHaveProperty("query_block");
    const parsed = parseExplainJson(text);
    expect(parsed.accesses.map((a) => [a.table, a.accessType, a.key])).toEqual([["c", "ref", "customers_country_idx"]]);
  });

  it("passes database errors on", async () => {
    await expect(knexExplainRunner(knex, { dialect: "mariadb" })({ sql: "select nope from nowhere", bindings: [] })).rejects.toThrow(/nowhere/);
  });
});
