/**
 * `matches` end to end for the pattern features of docs/semantics.md §5: the user pattern is
 * normalized by src/regex, then evaluated by the reference (JavaScript, Unicode mode) and by
 * the compiled SQL on MariaDB; both must give the members derived by hand from the spec.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeRegex } from "../../src/regex/normalize-regex.js";
import { evaluateMembers } from "../reference/evaluate-members.js";
import { cond, customer, dataset, field, withPaths } from "../reference/build-ir.js";
import { checkMembers } from "./compiler-checks.js";
import { openPropertyDatabase, type PropertyDatabase } from "./property-database.js";

const VALUES = [
  "ab", "xaby", "AB", "ab\n", "a\nb", "a😀b", "123", "١٢٣", "é", "a_1", "a b", "a\u00A0b", "a\tb", "a-b", ".", "x", "@",
  "1_2", "-", "]", "abab", "aaaa", "aaa", "ab ", "a/b", "#~'", "",
] as const;

const data = dataset({ customers: VALUES.map((name, i) => customer(i + 1, { name })) });
const idsOf = (...names: string[]): number[] => names.map((n) => VALUES.indexOf(n as (typeof VALUES)[number]) + 1).sort((a, b) => a - b);

const CASES: ReadonlyArray<{ readonly pattern: string; readonly ci?: boolean; readonly members: readonly string[] }> = [
  { pattern: "ab", members: ["ab"] },
  { pattern: ".*ab.*", members: ["ab", "xaby", "abab", "ab "] },
  { pattern: "a.b", members: ["a😀b", "a b", "a\u00A0b", "a\tb", "a-b", "a/b"] },
  { pattern: "\\d+", members: ["123"] },
  { pattern: "\\w+", members: ["ab", "xaby", "AB", "123", "a_1", "x", "1_2", "abab", "aaaa", "aaa"] },
  { pattern: "a\\sb", members: ["a\nb", "a b", "a\tb"] },
  { pattern: "\\D", members: ["é", ".", "x", "@", "-", "]"] },
  { pattern: "\\W", members: ["é", ".", "@", "-", "]"] },
  { pattern: "a\\Sb", members: ["a😀b", "a\u00A0b", "a-b", "a/b"] },
  { pattern: "a\\tb", members: ["a\tb"] },
  { pattern: "a\\nb", members: ["a\nb"] },
  { pattern: "a\\-b", members: ["a-b"] },
  { pattern: "\\.", members: ["."] },
  { pattern: "\\@", members: ["@"] },
  { pattern: "a\\/b", members: ["a/b"] },
  { pattern: "\\#\\~\\'", members: ["#~'"] },
  { pattern: "[\\d_]+", members: ["123", "1_2"] },
  { pattern: "[^\\s]", members: ["é", "x", ".", "@", "-", "]"] },
  { pattern: "[\\-a]", members: ["-"] },
  { pattern: "[a\\]]", members: ["]"] },
  { pattern: "(?:ab)+", members: ["ab", "abab"] },
  { pattern: "(a|b){2}", members: ["ab"] },
  { pattern: "a{2,3}", members: ["aaa"] },
  { pattern: "a*?", members: ["aaaa", "aaa", ""] },
  { pattern: "ab", ci: true, members: ["ab", "AB"] },
  { pattern: "ab ", members: ["ab "] },
];

describe("matches: normalized patterns mean what docs/semantics.md §5 says", () => {
  let db: PropertyDatabase;
  beforeAll(async () => {
    db = await openPropertyDatabase("segments_test_property_regex", data);
  }, 660_000);
  afterAll(async () => {
    await db?.close();
  });

  it.each(CASES)("$pattern (ci: $ci)", async ({ pattern, ci, members }) => {
    const regex = normalizeRegex(pattern, "predicate.condition.pattern");
    const expr = withPaths(cond(field("customer", "name"), { op: "matches", regex, caseInsensitive: ci ?? false }));
    const instant = Date.UTC(2025, 0, 1);
    expect([...evaluateMembers(expr, data, instant)].sort((a, b) => a - b)).toEqual(idsOf(...members));
    await checkMembers(db, expr, instant);
  });
});
