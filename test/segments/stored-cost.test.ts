/**
 * segment_versions.cost_json keeps the protobuf JSON of EvaluationCost: the store's own codec
 * writes exactly what protobuf-es wrote before it, and reads what protobuf-es writes.
 */
import { fromJsonString, toJsonString } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { EvaluationCostSchema } from "../../gen/kontorion/segments/v1/segment_pb.js";
import type { CostEstimate } from "../../src/explain/cost-estimate.js";
import { costToProto } from "../../src/rpc/cost-to-proto.js";
import { decodeStoredCost, encodeStoredCost } from "../../src/segments/stored-cost.js";

const FULL: CostEstimate = {
  costClass: "full_scan",
  estimatedRowsExamined: 24284,
  queryCost: 305.25,
  tables: [
    { table: "customers", accessType: "index", index: "PRIMARY", rows: 2980, filtered: 100 },
    { table: "w", accessType: "ALL", index: "", rows: 21304, filtered: 0.5 },
  ],
  warnings: [{ path: "predicate.relation", message: "invoices is scanned in full (about 21304 rows)" }],
  computeTimeMs: Date.UTC(2025, 5, 1, 12, 0, 0, 250),
};

const CASES: ReadonlyArray<readonly [string, CostEstimate]> = [
  ["every field set", FULL],
  ["defaults left out: unspecified class, zero rows and cost, no tables or warnings", {
    costClass: "unspecified", estimatedRowsExamined: 0, queryCost: 0, tables: [], warnings: [], computeTimeMs: Date.UTC(2025, 0, 1),
  }],
  ["a table read of defaults only", { ...FULL, costClass: "indexed", tables: [{ table: "", accessType: "", index: "", rows: 0, filtered: 0 }] }],
  ["a non-finite cost and a compute time on a whole second", { ...FULL, costClass: "partial_scan", queryCost: Number.POSITIVE_INFINITY, computeTimeMs: Date.UTC(2026, 11, 3, 8) }],
  ["no compute time", { ...FULL, computeTimeMs: undefined }],
  ["rows beyond 32 bits", { ...FULL, estimatedRowsExamined: 2 ** 40 + 3 }],
];

describe("stored cost", () => {
  it.each(CASES)("%s: written byte for byte as protobuf-es writes EvaluationCost", (_name, cost) => {
    expect(encodeStoredCost(cost)).toBe(toJsonString(EvaluationCostSchema, costToProto(cost)));
  });

  it.each(CASES)("%s: read back from what protobuf-es writes", (_name, cost) => {
    expect(decodeStoredCost(toJsonString(EvaluationCostSchema, costToProto(cost)))).toEqual(cost);
  });

  it("reads a cost_json written before the codec existed", () => {
    const stored =
      '{"costClass":"COST_CLASS_INDEXED","estimatedRowsExamined":"1","queryCost":1.2,' +
      '"tables":[{"table":"customers","accessType":"const","index":"PRIMARY","rows":"1","filtered":100}],"computeTime":"2026-12-01T09:30:00.125Z"}';
    const cost = decodeStoredCost(stored);
    expect(cost).toEqual({
      costClass: "indexed",
      estimatedRowsExamined: 1,
      queryCost: 1.2,
      tables: [{ table: "customers", accessType: "const", index: "PRIMARY", rows: 1, filtered: 100 }],
      warnings: [],
      computeTimeMs: Date.UTC(2026, 11, 1, 9, 30, 0, 125),
    });
    expect(costToProto(cost)).toEqual(fromJsonString(EvaluationCostSchema, stored));
  });

  it("rejects an unknown cost class instead of guessing", () => {
    expect(() => decodeStoredCost('{"costClass":"COST_CLASS_CHEAP"}')).toThrow("unknown cost class COST_CLASS_CHEAP");
  });
});
