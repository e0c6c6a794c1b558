import { describe, expect, it } from "vitest";
import { compileCountQuery, compileMembersQuery, compileMembershipQuery, compileMultiMembershipQuery } from "../../src/compile/compile-members-query.js";
import { CUSTOM_FIELD_CASES, INJECTION_CASES } from "./cases/custom-field.cases.js";
import { HOSTILE } from "./fixtures/dataset.js";
import { describePredicateCases, optionsOf } from "./fixtures/predicate-cases.js";

describePredicateCases("custom field conditions", CUSTOM_FIELD_CASES);
describePredicateCases("hostile operands (injection)", INJECTION_CASES);

describe("hostile operands never reach SQL text", () => {
  it.each(INJECTION_CASES)("$name", (c) => {
    const options = optionsOf(c);
    const plans = [
      compileMembersQuery(c.expr, { ...options, afterId: 0, limit: 10, partition: { index: 0, count: 2 } }),
      compileCountQuery(c.expr, options),
      compileMembershipQuery(c.expr, [1, 2], options),
      compileMultiMembershipQuery([c.expr], 1, options),
    ];
    for (const plan of plans) {
      // Identifiers are backquoted; a string literal would need a quote character.
      expect(plan.sql).not.toMatch(/['"\\\0]/);
      for (const value of Object.values(HOSTILE)) expect(plan.sql).not.toContain(value);
      expect(plan.sql).not.toContain("xxxxxxxx");
      expect(plan.sql).not.toMatch(/DROP|100%/);
    }
  });
});
