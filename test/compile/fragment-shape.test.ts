/**
 * A fragment shape is knex's text for a query built once with holes; filling it in (with values,
 * fragments or templates) gives exactly the SQL and bindings knex builds with them in place.
 */
import type { Knex } from "knex";
import { describe, expect, it } from "vitest";
import { fillShape, fragmentShape, shapePerKey } from "../../src/compile/fragment-shape.js";
import { type SqlOperand, sql } from "../../src/compile/sql-builder.js";
import { sqlTemplate, toFragment } from "../../src/compile/sql-template.js";
import { toSqlPlan } from "../../src/compile/sql-plan.js";

/** `EXISTS (SELECT 1 FROM invoices AS r WHERE r.customer_id = c.id AND r.total > <min> AND <filter>)`. */
function existsQuery(min: SqlOperand, filter: Knex.Raw): Knex.Raw {
  const rows = sql
    .select(sql.raw("1"))
    .from({ r: "invoices" })
    .whereRaw("?? = ??", ["r.customer_id", "c.id"])
    .andWhereRaw("?? > ?", ["r.total", min])
    .andWhere(filter);
  return sql.raw("EXISTS ?", [rows]);
}

const EXISTS_SHAPE = fragmentShape(2, (min, filter) => existsQuery(min, filter));

describe("fragment shapes", () => {
  it.each([
    ["a value and a fragment", 500, sql.raw("?? = ?", ["r.status", "paid"])],
    ["a fragment for each hole", sql.raw("CAST(? AS DECIMAL(65,10))", ["1.5"]), sql.raw("(?? IN (?, ?))", ["r.currency", "EUR", "PLN"])],
  ])("filled with %s equal the query knex builds with them", (_name, min, filter) => {
    const filled = toSqlPlan(toFragment(fillShape(EXISTS_SHAPE, [min, filter])));
    expect(filled).toEqual(toSqlPlan(existsQuery(min, filter)));
    expect(filled.sql).toBe(
      "EXISTS (select 1 from `invoices` as `r` where `r`.`customer_id` = `c`.`id` and `r`.`total` > " +
        (typeof min === "number" ? "?" : "CAST(? AS DECIMAL(65,10))") +
        " and " +
        (filter.toSQL().sql as string) +
        ")",
    );
  });

  it("splices a template into its hole: its placeholders are read with the shape's", () => {
    const filter = sqlTemplate("(?? IS NOT NULL AND ?? IN (?, ?))", ["r.currency", "r.currency", "EUR", "PLN"]);
    expect(toSqlPlan(toFragment(fillShape(EXISTS_SHAPE, [7, filter])))).toEqual(toSqlPlan(existsQuery(7, toFragment(filter))));
  });

  it("keeps the fixed bindings of the shape in place", () => {
    const shape = fragmentShape(1, (value) => sql.raw("(? BETWEEN ? AND ?)", [value, 1, 9]));
    expect(toSqlPlan(toFragment(fillShape(shape, [5])))).toEqual({ sql: "(? BETWEEN ? AND ?)", bindings: [5, 1, 9] });
  });

  it("fills a hole used twice with the same value", () => {
    const shape = fragmentShape(1, (value) => sql.raw("(? OR NOT ?)", [value, value]));
    expect(toSqlPlan(toFragment(fillShape(shape, [sql.raw("?? = ?", ["c.tier", "free"])])))).toEqual({
      sql: "(`c`.`tier` = ? OR NOT `c`.`tier` = ?)",
      bindings: ["free", "free"],
    });
  });

  it("rejects a wrong number of values", () => {
    expect(() => fillShape(EXISTS_SHAPE, [1])).toThrow("shape expects 2 values, got 1");
  });

  it("rejects a text knex.raw would read differently (an escaped question mark)", () => {
    expect(() => fragmentShape(0, () => sql.raw("\\?"))).toThrow("one plain ? per binding");
  });

  it("builds each keyed shape once", () => {
    const built: string[] = [];
    const shapeOf = shapePerKey((table: string, negate: boolean) => {
      built.push(`${table}/${negate}`);
      return fragmentShape(1, (filter) => sql.raw(negate ? "NOT EXISTS ?" : "EXISTS ?", [sql.select(sql.raw("1")).from(table).where(filter)]));
    });
    const a = shapeOf("wallets", false);
    expect(shapeOf("wallets", false)).toBe(a);
    expect(shapeOf("wallets", true)).not.toBe(a);
    expect(built).toEqual(["wallets/false", "wallets/true"]);
    expect(toSqlPlan(toFragment(fillShape(shapeOf("wallets", true), [sql.raw("?? > ?", ["balance", 0])])))).toEqual({
      sql: "NOT EXISTS (select 1 from `wallets` where `balance` > ?)",
      bindings: [0],
    });
  });
});
