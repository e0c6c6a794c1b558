/**
 * The checks themselves must be able to fail: here the database holds other rows than the
 * dataset the reference reads, and every check has to report the disagreement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mismatch, checkCount, checkMembers, checkMembership, checkPagination } from "./compiler-checks.js";
import { openPropertyDatabase, type PropertyDatabase } from "./property-database.js";
import { cond, customer, dataset, field, str, withPaths } from "../reference/build-ir.js";

const inDatabase = dataset({ customers: [customer(1, { country: "DE" }), customer(2, { country: "FR" }), customer(3, { country: null })] });
const believed = dataset({ customers: [customer(1, { country: "DE" }), customer(2, { country: "DE" }), customer(3, { country: null })] });
const expr = withPaths(cond(field("customer", "country"), { op: "eq", value: str("DE") }));
const INSTANT = Date.UTC(2025, 0, 1);

describe("the property checks detect disagreements", () => {
  let db: PropertyDatabase;
  let skewed: PropertyDatabase;
  beforeAll(async () => {
    db = await openPropertyDatabase("segments_test_property_checks", inDatabase);
    skewed = { ...db, dataset: believed };
  }, 660_000);
  afterAll(async () => {
    await db?.close();
  });

  it("pass when database and reference agree", async () => {
    await checkMembers(db, expr, INSTANT);
    await checkCount(db, expr, INSTANT);
    await checkMembership(db, expr, INSTANT, [1, 2, 3, 4]);
    await checkPagination(db, expr, INSTANT, 1, 2);
  });

  it.each([
    ["(a) members", () => checkMembers(skewed, expr, INSTANT), /in reference only \(1\): 2/],
    ["(c) membership", () => checkMembership(skewed, expr, INSTANT, [2]), /wrong answer \(1\): 2/],
    ["(d) count", () => checkCount(skewed, expr, INSTANT), /expected 2, SQL returned 1 rows/],
    ["(e) pages", () => checkPagination(skewed, expr, INSTANT, 1, 2), /in reference only \(1\): 2/],
  ] as const)("%s reports the differing customer", async (_name, run, message) => {
    const error = await run().then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Mismatch);
    expect((error as Error).message).toMatch(message);
  });
});
