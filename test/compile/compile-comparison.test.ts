/**
 * A comparison reads the same whether its value is a column, a knex fragment or a template.
 */
import { describe, expect, it } from "vitest";
import { compileComparison } from "../../src/compile/compile-comparison.js";
import { sql } from "../../src/compile/sql-builder.js";
import { toSqlPlan } from "../../src/compile/sql-plan.js";
import { sqlTemplate } from "../../src/compile/sql-template.js";
import type { NumberTest, Scalar } from "../../src/ir/nodes.js";

const num = (value: number): Scalar => ({ kind: "number", value });
const operand = (s: Scalar): number => (s.kind === "number" ? s.value : Number.NaN);

describe("compileComparison", () => {
  it.each<[string, NumberTest, string, readonly number[]]>([
    ["gte", { op: "gte", value: num(2) }, ">= ?", [2]],
    ["not_in", { op: "not_in", values: [num(1), num(3)] }, "NOT IN (?, ?)", [1, 3]],
    ["between", { op: "between", lower: num(1), upper: num(9) }, "BETWEEN ? AND ?", [1, 9]],
  ])("%s on a column, a fragment and a template", (_name, test, tail, values) => {
    expect(toSqlPlan(compileComparison(sqlTemplate("??", ["r.total"]), test, operand))).toEqual({ sql: `\`r\`.\`total\` ${tail}`, bindings: values });
    const count = { sql: `COALESCE(\`r\`.\`total\`, ?) ${tail}`, bindings: [0, ...values] };
    expect(toSqlPlan(compileComparison(sql.raw("COALESCE(??, ?)", ["r.total", 0]), test, operand))).toEqual(count);
    expect(toSqlPlan(compileComparison(sqlTemplate("COALESCE(??, ?)", ["r.total", 0]), test, operand))).toEqual(count);
  });
});
