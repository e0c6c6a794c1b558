import { describe, expect, it } from "vitest";
import type { Expr } from "../../src/ir/nodes.js";
import { collectSegmentReferences } from "../../src/lower/segment-references.js";
import { lowerJson } from "./lower-fixtures.js";

describe("collectSegmentReferences", () => {
  it("lists distinct ids in order of first appearance, through and/or/not", () => {
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
    expect(collectSegmentReferences(expr)).toEqual(["seg_b", "seg_a", "seg_c"]);
  });

  it("is empty without references", () => {
    expect(collectSegmentReferences(lowerJson({ condition: { field: "country", operator: "OPERATOR_EXISTS" } }))).toEqual([]);
  });

  it("does not report the references of an expanded body", () => {
    const body: Expr = { kind: "segment", path: "inner", segmentId: "seg_inner", body: null, version: 0 };
    const expr: Expr = { kind: "not", path: "p.not", item: { kind: "segment", path: "p.not.segment", segmentId: "seg_outer", body, version: 3 } };
    expect(collectSegmentReferences(expr)).toEqual(["seg_outer"]);
  });
});
