/** The references a saved predicate declares: every segment node with its path, bodies excluded. */
import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/ir/nodes.js";
import { referencesInExpr } from "../../src/segments/references-in-expr.js";
import { lowerJson } from "../lower/lower-fixtures.js";

describe("referencesInExpr", () => {
  it("lists every reference with its path, in tree order, through and/or/not", () => {
    const expr = lowerJson({
      or: {
        predicates: [
          { segment: { segmentId: "seg_b" } },
          { and: { predicates: [{ not: { segment: { segmentId: "seg_a" } } }, { segment: { segmentId: "seg_b" } }] } },
          { condition: { field: "country", operator: "OPERATOR_EXISTS" } },
          { segment: { segmentId: "seg_c" } },
        ],
      },
    });
    expect(referencesInExpr(expr)).toEqual([
      { segmentId: "seg_b", path: "predicate.or[0].segment" },
      { segmentId: "seg_a", path: "predicate.or[1].and[0].not.segment" },
      { segmentId: "seg_b", path: "predicate.or[1].and[1].segment" },
      { segmentId: "seg_c", path: "predicate.or[3].segment" },
    ]);
  });

  it("is empty without references", () => {
    expect(referencesInExpr(lowerJson({ condition: { field: "country", operator: "OPERATOR_EXISTS" } }))).toEqual([]);
  });

  it("does not report the references of an expanded body", () => {
    const body: Expr = { kind: "segment", path: "inner", segmentId: "seg_inner", body: null, version: 0 };
    const expr: Expr = { kind: "not", path: "p.not", item: { kind: "segment", path: "p.not.segment", segmentId: "seg_outer", body, version: 3 } };
    expect(referencesInExpr(expr)).toEqual([{ segmentId: "seg_outer", path: "p.not.segment" }]);
  });
});
