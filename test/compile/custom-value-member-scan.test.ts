/**
 * A predicate that is one positive custom-field condition is scanned from the value rows' index
 * (no probe per customer); every other predicate keeps the customer scan.
 */
import { describe, expect, it } from "vitest";
import type { CustomField } from "../../src/ir/field-types.js";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import type { Expr } from "../../src/ir/nodes.js";

const industry: CustomField = {
  kind: "custom",
  path: "custom.industry",
  scope: "customer",
  key: "industry",
  definitionId: 7,
  type: "enum",
  enumValues: ["fintech", "retail"],
  nullable: true,
  indexed: true,
  aggregatable: false,
  description: "",
};
const eqFintech: Expr = { kind: "condition", path: "p", field: industry, test: { op: "eq", value: { kind: "string", value: "fintech" } } };
const options = { instantMs: 0, dialect: "mariadb" } as const;

describe("member scan of a single custom-field condition", () => {
  it("reads the value rows directly, with keyset and partition on their customer id", () => {
    expect(compileMembersQuery(eqFintech, { ...options, afterId: 10, partition: { index: 1, count: 4 }, limit: 5 })).toEqual({
      sql: "select `v`.`customer_id` as `id` from `custom_field_values` as `v` where `v`.`field_id` = ? and `v`.`string_value` = ? and `v`.`customer_id` > ? and `v`.`customer_id` MOD ? = ? order by `v`.`customer_id` asc limit ?",
      bindings: [7, "fintech", 10, 4, 1, 5],
    });
  });

  it("keeps the customer scan for not_exists and for anything wrapped", () => {
    const missing: Expr = { ...eqFintech, test: { op: "not_exists" } };
    const negated: Expr = { kind: "not", path: "p", item: eqFintech };
    for (const expr of [missing, negated]) expect(compileMembersQuery(expr, options).sql).toMatch(/^select `c`\.`id` from `customers` as `c`/);
  });
});
