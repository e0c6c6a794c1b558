/**
 * The backtracking guarantee of docs/semantics.md §5 checked on MariaDB's PCRE2: every generated
 * pattern the analysis accepts matches adversarial values of the longest column length within
 * the analysis bound of engine steps (PCRE2 counts them itself through `(*LIMIT_MATCH=n)`), and
 * the engine limit of src/db/dialect.ts stops a pattern that is expensive anyway (a value longer
 * than the analysis assumes) fast, with warning 1139.
 */
import fc from "fast-check";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REGEX_MATCH_LIMIT, regexWithEngineLimit } from "../../src/db/dialect.js";
import { UserError } from "../../src/errors/user-error.js";
import { anchoredSqlPattern } from "../../src/regex/anchored-sql-pattern.js";
import { normalizeRegex } from "../../src/regex/normalize-regex.js";
import { MAX_ANALYZED_VALUE_LENGTH, MAX_BACKTRACKING_STEPS } from "../../src/regex/regex-safety.js";
import { openLowerTestDatabase } from "../lower/lower-test-database.js";

const L = MAX_ANALYZED_VALUE_LENGTH;

/** Values that make backtracking engines work hardest: long runs that nearly match, then fail. */
function adversarialValues(): string[] {
  const out: string[] = [];
  for (const c of ["a", "b", "x", "1", " "]) {
    for (const end of ["\n", "!", "a", "b", "x"]) out.push(c.repeat(L - 1) + end);
  }
  for (const unit of ["ab", "aab", "a1", "ax", "ba", "a b", "xa"]) {
    const body = unit.repeat(Math.ceil(L / unit.length)).slice(0, L - 1);
    out.push(`${body}\n`, `${body}!`);
  }
  return [...new Set(out)];
}

const VALUES = adversarialValues();

/** Patterns in the user syntax, built to nest and chain repetitions that overlap. */
const patternArb: fc.Arbitrary<string> = (() => {
  const atom = fc.constantFrom("a", "b", "x", ".", "[ab]", "[^a]", "\\d", "\\w", "\\s", "[^\\n]", " ");
  const quantifier = fc.constantFrom("", "", "*", "+", "?", "{2}", "{0,3}", "{1,}", "{3}", "*?", "{2,5}");
  const { pattern } = fc.letrec<{ pattern: string; piece: string; group: string }>((tie) => ({
    pattern: fc.array(tie("piece"), { minLength: 1, maxLength: 4 }).chain((pieces) =>
      fc.boolean().map((alt) => (alt && pieces.length > 1 ? `${pieces[0]}|${pieces.slice(1).join("")}` : pieces.join(""))),
    ),
    piece: fc.tuple(fc.oneof({ depthSize: "small", withCrossShrink: true }, atom, atom, tie("group")), quantifier).map(([a, q]) => a + q),
    group: tie("pattern").map((p) => `(${p})`),
  }));
  return pattern;
})();

let knex: Knex;

beforeAll(async () => {
  knex = await openLowerTestDatabase(1);
  await knex.raw("DROP TABLE IF EXISTS regex_safety_probe");
  await knex.raw("CREATE TABLE regex_safety_probe (id INT PRIMARY KEY, s VARCHAR(400) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL)");
  await knex("regex_safety_probe").insert(VALUES.map((s, id) => ({ id, s })));
});

afterAll(async () => {
  await knex?.destroy();
});

/** Runs `pattern` over every probe value; returns the warnings of the statement and its time. */
async function runOverProbe(pattern: string): Promise<{ warnings: unknown[]; ms: number }> {
  return knex.transaction(async (trx) => {
    const started = performance.now();
    await trx.raw("SELECT COUNT(*) AS n FROM regex_safety_probe WHERE s REGEXP ?", [pattern]);
    const ms = performance.now() - started;
    const [warnings] = (await trx.raw("SHOW WARNINGS")) as [unknown[]];
    return { warnings, ms };
  });
}

describe("accepted patterns on MariaDB", () => {
  it("match adversarial values of the longest column within the analysis bound of PCRE2 steps", async () => {
    let accepted = 0;
    let refused = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(patternArb, fc.boolean(), async (p, ci) => {
        let normalized: string;
        try {
          normalized = normalizeRegex(p, "regex", ci);
        } catch (err) {
          if (err instanceof UserError && err.detail.startsWith("unsafe pattern")) {
            refused++;
            return;
          }
          if (err instanceof UserError) return;
          throw err;
        }
        accepted++;
        // The bound is per value; PCRE2 counts per value too, so any value over it warns.
        const { warnings, ms } = await runOverProbe(regexWithEngineLimit(anchoredSqlPattern(normalized, ci), "mariadb", MAX_BACKTRACKING_STEPS));
        expect({ pattern: p, ci, warnings }).toEqual({ pattern: p, ci, warnings: [] });
        expect(ms).toBeLessThan(2000);
      }),
      { numRuns: 400, seed: 20261203 },
    );
    expect(accepted).toBeGreaterThan(150);
    expect(refused).toBeGreaterThan(30);
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it("holds for hand-picked patterns at the edge of the bound", async () => {
    const edge = [".*.*x", ".*foo.*bar", "(a.*){2}", "(a[^a]*){20}x", "(a|b)+b", ".*a.*", "(\\w+ )*\\w+", "[^\\n]*a[^\\n]*", "(ab|a)(ab|a)x"];
    for (const p of edge) {
      for (const ci of [false, true]) {
        const { warnings } = await runOverProbe(regexWithEngineLimit(anchoredSqlPattern(normalizeRegex(p, "regex", ci), ci), "mariadb", MAX_BACKTRACKING_STEPS));
        expect({ p, ci, warnings }).toEqual({ p, ci, warnings: [] });
      }
    }
  }, 30_000);
});

describe("the engine limit", () => {
  const LIMIT_WARNING = { Level: "Warning", Code: 1139, Message: "Regex error 'match limit exceeded'" };

  /**
   * `value REGEXP pattern` with its warnings and time. The statement reads a table: one that
   * reads none and raises no warning leaves the previous statement's warnings in place.
   */
  async function matchOne(value: string, pattern: string): Promise<{ m: number; warnings: unknown[]; ms: number }> {
    return knex.transaction(async (trx) => {
      const started = performance.now();
      const [rows] = (await trx.raw("SELECT ? REGEXP ? AS m FROM regex_safety_probe WHERE id = 0", [value, pattern])) as [Array<{ m: number }>];
      const ms = performance.now() - started;
      const [warnings] = (await trx.raw("SHOW WARNINGS")) as [unknown[]];
      return { m: rows[0]!.m, warnings, ms };
    });
  }

  it("stops an accepted pattern on a value longer than the analysis assumes, fast, with warning 1139", async () => {
    const quadratic = anchoredSqlPattern(normalizeRegex(".*.*x", "regex"), false);
    const value = `${"a".repeat(20_000)}xy`;
    const bounded = await matchOne(value, regexWithEngineLimit(quadratic, "mariadb"));
    expect(bounded.warnings).toEqual([LIMIT_WARNING]);
    expect(bounded.m).toBe(0);
    expect(bounded.ms).toBeLessThan(1500);
    // The same work within the limit still answers: the limit is per value, not per pattern.
    const short = await matchOne(`${"a".repeat(L - 2)}x`, regexWithEngineLimit(quadratic, "mariadb"));
    expect(short).toMatchObject({ m: 1, warnings: [] });
  }, 20_000);

  it("gives up on a catastrophic pattern the analysis would refuse within the limit, with a warning and a false result", async () => {
    expect(() => normalizeRegex("(?:a|a)*b", "regex")).toThrow(/unsafe pattern/);
    const raw = "^(?:(?:a|a)*b)\\z";
    // The b at the end defeats PCRE2's "required character" shortcut, which would fail at once.
    const value = `${"a".repeat(40)}cb`;
    const bounded = await matchOne(value, regexWithEngineLimit(raw, "mariadb", 100_000));
    expect(bounded).toMatchObject({ m: 0, warnings: [LIMIT_WARNING] });
    expect(bounded.ms).toBeLessThan(1000);
    const matching = await matchOne("aaab", regexWithEngineLimit(raw, "mariadb", 100_000));
    expect(matching).toMatchObject({ m: 1, warnings: [] });
  }, 20_000);

  it("counts per value: the default limit lets every accepted pattern through on every probe value", async () => {
    for (const p of [".*.*x", ".*foo.*bar", "(a.*){2}"]) {
      const { warnings } = await runOverProbe(regexWithEngineLimit(anchoredSqlPattern(normalizeRegex(p, "regex"), false), "mariadb", DEFAULT_REGEX_MATCH_LIMIT));
      expect(warnings).toEqual([]);
    }
  }, 20_000);
});
