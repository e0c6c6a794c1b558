/**
 * Templates joined as text and handed to knex.raw once give exactly the SQL and bindings of
 * the same fragments nested as knex.raw objects.
 */
import { describe, expect, it } from "vitest";
import { sql } from "../../src/compile/sql-builder.js";
import { toSqlPlan } from "../../src/compile/sql-plan.js";
import { fragmentTemplate, joinTemplates, sqlTemplate, toFragment, wrapTemplate } from "../../src/compile/sql-template.js";

describe("sql templates", () => {
  it("joined and wrapped equal the nested knex fragments", () => {
    const country = sqlTemplate("?? IN (?, ?)", ["c.country", "DE", "FR"]);
    const exists = sql.raw("EXISTS ?", [sql.select(sql.raw("1")).from({ w: "wallets" }).whereRaw("?? = ??", ["w.customer_id", "c.id"])]);
    const joined = joinTemplates("OR", [wrapTemplate("(?? IS NOT NULL AND ", country, ")", ["c.country"]), fragmentTemplate(exists)]);
    const negated = wrapTemplate("NOT (", joined, ")");

    const nested = sql.raw("NOT (?)", [
      sql.raw("(? OR ?)", [sql.raw("(?? IS NOT NULL AND ?)", ["c.country", sql.raw("?? IN (?, ?)", ["c.country", "DE", "FR"])]), exists]),
    ]);
    expect(toSqlPlan(toFragment(negated))).toEqual(toSqlPlan(nested));
    expect(toSqlPlan(toFragment(negated))).toEqual({
      sql: "NOT (((`c`.`country` IS NOT NULL AND `c`.`country` IN (?, ?)) OR EXISTS (select 1 from `wallets` as `w` where `w`.`customer_id` = `c`.`id`)))",
      bindings: ["DE", "FR"],
    });
  });

  it("joins one part in parentheses", () => {
    expect(toSqlPlan(toFragment(joinTemplates("AND", [sqlTemplate("?? = ?", ["c.tier", "free"])])))).toEqual({
      sql: "(`c`.`tier` = ?)",
      bindings: ["free"],
    });
  });

  it("keeps a lone fragment as it is", () => {
    const fragment = sql.raw("?? > ?", ["c.id", 3]);
    expect(toFragment(fragmentTemplate(fragment))).toBe(fragment);
  });

  it.each([
    ["a placeholder before", "1 + ?", sqlTemplate("?? + 1", ["c.id"]), ""],
    ["a placeholder after", "", sqlTemplate("1 + ?", [2]), "?? = 3"],
  ])("refuses to run placeholders together (%s)", (_name, before, template, after) => {
    expect(() => wrapTemplate(before, template, after)).toThrow("placeholders would run together");
  });
});
