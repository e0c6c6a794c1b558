/**
 * A slotted membership plan is compiled once and its slots filled per request: the SQL text is fixed,
 * relative times resolve with each request's instant, customer ids fill their slots.
 */
import { describe, expect, it } from "vitest";
import { BUILTIN_FIELDS } from "../../src/catalog/builtin-fields.js";
import { compileMembershipQuery, compileSlottedMembershipPlan } from "../../src/compile/compile-members-query.js";
import { fillSlots } from "../../src/compile/slotted-plan.js";
import type { Expr } from "../../src/ir/nodes.js";

const createdAt = BUILTIN_FIELDS.find((f) => f.scope === "customer" && f.path === "created_at")!;
const recent: Expr = {
  kind: "condition",
  path: "predicate.condition",
  field: createdAt,
  test: { op: "gte", value: { kind: "relative_time", amount: -30, unit: "day" } },
};
const DAY = 86_400_000;
const T1 = Date.UTC(2026, 0, 31, 12, 0, 0);

describe("slotted membership plans", () => {
  it("fillSlots equals compiling for that instant and those ids", () => {
    const slotted = compileSlottedMembershipPlan(recent, 2, { dialect: "mariadb" });
    for (const [instant, ids] of [
      [T1, [1, 2]],
      [T1 + 5 * DAY, [7, 3]],
    ] as const) {
      expect(fillSlots(slotted, instant, ids)).toEqual(compileMembershipQuery(recent, ids, { instantMs: instant, dialect: "mariadb" }));
    }
  });

  it("keeps the SQL text and moves only the time and id bindings", () => {
    const slotted = compileSlottedMembershipPlan(recent, 1, { dialect: "mariadb" });
    const a = fillSlots(slotted, T1, [10]);
    const b = fillSlots(slotted, T1 + DAY, [11]);
    expect(a.sql).toBe(b.sql);
    expect(a.bindings).toContain("2026-01-01 12:00:00.000");
    expect(b.bindings).toContain("2026-01-02 12:00:00.000");
    expect(a.bindings).toContain(10);
    expect(b.bindings).toContain(11);
  });

  it("reads the version stamp of the given segments in the same statement", () => {
    const slotted = compileSlottedMembershipPlan(recent, 1, { dialect: "mariadb", versionStampOf: ["seg_a", "seg_b"] });
    expect(slotted.sql).toContain("`stamp_n`");
    expect(slotted.sql).toContain("`stamp_v`");
    expect(fillSlots(slotted, T1, [1]).bindings).toEqual(expect.arrayContaining(["seg_a", "seg_b"]));
  });

  it("refuses a different number of ids than it was compiled for", () => {
    expect(() => fillSlots(compileSlottedMembershipPlan(recent, 2, { dialect: "mariadb" }), T1, [1])).toThrow(RangeError);
  });
});
