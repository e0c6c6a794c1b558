import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Knex } from "knex";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { padSpaceCompare } from "./pad-space-compare.js";
import { leaseDatabase } from "../property/property-database.js";
import { testDatabaseLocation } from "../support/test-database.js";

const SAMPLES = [
  "", " ", "  ", "\t", "a", "a ", "a\t", "a\tb", "A", "Z", "z", "DE", "DE ", "DE\t", "de", "é", "e\u0301", "Ａ", "😀", "😀 ",
  "\uFFFD", "\uE000", "𝔘", "ß", "ss", "\u00A0", "a\u00A0", "東京", "abc", "ab", "ab\n", "ab\u001F", "ab!",
];

describe("padSpaceCompare models utf8mb4_bin (docs/semantics.md §3)", () => {
  it.each([
    ["DE", "DE ", 0],
    ["DE", "de", -1],
    ["Z", "a", -1],
    ["a", "é", -1],
    ["é", "😀", -1],
    // UTF-16 would put U+FF21 after the surrogate pair of U+1F600; code points do not.
    ["Ａ", "😀", -1],
    ["a\t", "a", -1],
    ["a\u00A0", "a", 1],
    ["", "   ", 0],
  ] as const)("%j vs %j", (a, b, expected) => {
    expect(padSpaceCompare(a, b)).toBe(expected);
    expect(padSpaceCompare(b, a)).toBe(-expected || 0);
  });

  describe("on MariaDB", () => {
    let knex: Knex;
    let release: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const loc = testDatabaseLocation("segments_test_property_ref");
      await ensureDatabase(loc);
      release = await leaseDatabase(loc, loc.database);
      knex = openKnex(loc, 2);
      await knex.raw("DROP TABLE IF EXISTS collation_samples");
      await knex.raw("CREATE TABLE collation_samples (id INT PRIMARY KEY, s VARCHAR(20) NOT NULL) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      await knex.raw(`INSERT INTO collation_samples (id, s) VALUES ${SAMPLES.map(() => "(?, ?)").join(", ")}`, SAMPLES.flatMap((s, i) => [i, s]));
    }, 660_000);
    afterAll(async () => {
      await knex?.destroy();
      await release?.();
    });

    it("orders every pair of samples exactly like the column comparison", async () => {
      const [rows] = (await knex.raw(
        "SELECT a.id AS a, b.id AS b, (a.s < b.s) - (a.s > b.s) AS cmp FROM collation_samples a CROSS JOIN collation_samples b",
      )) as [Array<{ a: number; b: number; cmp: number }>];
      expect(rows.length).toBe(SAMPLES.length ** 2);
      const mismatches = rows.filter((r) => padSpaceCompare(SAMPLES[r.a] as string, SAMPLES[r.b] as string) !== -r.cmp);
      expect(mismatches.map((r) => [SAMPLES[r.a], SAMPLES[r.b], r.cmp])).toEqual([]);
    });
  });
});
