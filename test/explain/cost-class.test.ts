import { describe, expect, it } from "vitest";
import { CostClass } from "../../gen/kontorion/segments/v1/segment_pb.js";
import * as plain from "../../src/explain/cost-class.js";
import { TRIVIAL_SCAN_ROWS, isFullTableScan, readKind } from "../../src/explain/cost-class.js";
import { type PlanTableAccess, parseExplainJson } from "../../src/explain/parse-explain-json.js";
import { costClassToProto } from "../../src/rpc/cost-to-proto.js";
import { readFixture } from "./fixtures/read-fixture.js";

// The class as the API sends it (the plain class encoded by src/rpc/cost-to-proto.ts).
const costClassOf = (...args: Parameters<typeof plain.costClassOf>) => costClassToProto(plain.costClassOf(...args));

function access(accessType: string, rows: number, base = true): PlanTableAccess {
  return { table: "t", accessType, key: "", possibleKeys: [], rows, filtered: 100, scans: 1, examined: rows, base, inDerivedTable: false, selectId: 1 };
}

describe("readKind", () => {
  it.each([
    ["system", 1, "indexed"],
    ["const", 1, "indexed"],
    ["eq_ref", 1, "indexed"],
    ["ref", 5000, "indexed"],
    ["ref_or_null", 5000, "indexed"],
    ["unique_subquery", 1, "indexed"],
    ["index_subquery", 3, "indexed"],
    ["range", 5000, "partial"],
    ["index_merge", 5000, "partial"],
    ["hash_range", 5000, "partial"],
    ["fulltext", 5000, "partial"],
    ["ALL", 5000, "full"],
    ["index", 5000, "full"],
    ["hash_ALL", 5000, "full"],
    ["hash_index", 5000, "full"],
    ["all", 5000, "full"],
    ["ALL", TRIVIAL_SCAN_ROWS + 1, "full"],
    ["ALL", TRIVIAL_SCAN_ROWS, "partial"],
    ["index", 1, "partial"],
    ["some_future_type", 1, "partial"],
    ["", 1, "partial"],
  ] as const)("%s over %i rows is %s", (type, rows, kind) => {
    expect(readKind(access(type, rows))).toBe(kind);
  });

  it("counts only stored tables as full table scans", () => {
    expect(isFullTableScan(access("ALL", 5000))).toBe(true);
    expect(isFullTableScan(access("ALL", 5000, false))).toBe(false);
  });
});

describe("costClassOf", () => {
  const plan = (...accesses: PlanTableAccess[]) => ({ ...parseExplainJson('{"query_block": {}}'), accesses });

  it.each([
    ["only index lookups", [access("const", 1), access("eq_ref", 1), access("ref", 300)], "INDEXED"],
    ["a range next to lookups", [access("ref", 300), access("range", 200)], "PARTIAL_SCAN"],
    ["a full scan next to a range", [access("range", 200), access("ALL", 3000)], "FULL_SCAN"],
    ["a full index scan", [access("index", 3000)], "FULL_SCAN"],
    ["a full scan of a temporary table only", [access("ref", 1), access("ALL", 3000, false)], "INDEXED"],
    ["no table read at all", [], "INDEXED"],
  ])("%s", (_name, accesses, expected) => {
    expect(CostClass[costClassOf(plan(...accesses))]).toBe(expected);
  });

  it("is unspecified when the plan could not be read", () => {
    expect(costClassOf(parseExplainJson("not json"))).toBe(CostClass.UNSPECIFIED);
  });

  it.each([
    ["mariadb", "point-lookup", "INDEXED"],
    ["mariadb", "ref-secondary-index", "INDEXED"],
    ["mariadb", "custom-field-semijoin", "INDEXED"],
    ["mariadb", "range-filesort", "PARTIAL_SCAN"],
    ["mariadb", "full-index-scan", "FULL_SCAN"],
    ["mariadb", "regex-full-scan", "FULL_SCAN"],
    ["mariadb", "not-in-window-derived", "FULL_SCAN"],
    ["mariadb", "impossible-where", "INDEXED"],
    ["mysql", "point-lookup", "INDEXED"],
    ["mysql", "ref-secondary-index", "INDEXED"],
    ["mysql", "custom-field-duplicates-removal", "INDEXED"],
    ["mysql", "range-filesort", "PARTIAL_SCAN"],
    ["mysql", "full-index-scan", "FULL_SCAN"],
    ["mysql", "regex-full-table-scan", "FULL_SCAN"],
    ["mysql", "not-in-window-derived", "FULL_SCAN"],
    ["mysql", "impossible-where", "INDEXED"],
  ] as const)("%s fixture %s is %s", (dialect, name, expected) => {
    expect(CostClass[costClassOf(parseExplainJson(readFixture(dialect, name)))]).toBe(expected);
  });
});
