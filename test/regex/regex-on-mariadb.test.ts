/**
 * The normalized patterns mean the same on the database as in JavaScript `u` mode: every
 * pattern × value pair gives the same answer from MariaDB `REGEXP` on a utf8mb4_bin column and
 * from `^(?:p)$` in JavaScript, with and without case folding (ASCII values for case folding,
 * which is all docs/semantics.md §5 guarantees).
 */
import fc from "fast-check";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors/user-error.js";
import { regexWithEngineLimit } from "../../src/db/dialect.js";
import { anchoredSqlPattern } from "../../src/regex/anchored-sql-pattern.js";
import { normalizeRegex } from "../../src/regex/normalize-regex.js";
import { openLowerTestDatabase } from "../lower/lower-test-database.js";

const VALUES: readonly string[] = [
  "", "ab", "ab\n", "\nab", "xaby", "AB", "aB", "a b", "ab ", "ab  ", " ab", "a\tb", "a\u000Bb", "a\fb", "a\rb",
  "\r\n", "\n", "é", "É", "😀", "a😀b", "x\u0085", "\u2028", "\u00A0", "12", "١٢", "_", "-", "a-b", "a&b", "[x]",
  "{1}", "a.b", "foo@example.com", "FOO@EXAMPLE.COM", "ß", "SS", "K", "\u212A", "k", "ſ", "s", "0a_Z", "a\\b",
];

/** Patterns as users write them. */
const PATTERNS: readonly string[] = [
  "ab", "a.b", ".*", ".+", ".", "..", "a\\sb", "\\S+", "\\s*", "\\d+", "\\D*", "\\w+", "\\W", "\\W+", "[^a]*",
  "[\\D]+", "[^\\D]+", "[a\\W]+", "[\\S\\n]+", "[\\W\\w]+", "[à-ÿ]", "😀", "a😀b", "[😀-😂]", "a[^\\n]b", "ab\\n",
  "ab\\n?", "\\nab", "a\\tb", "a\\vb", "a\\fb", "a\\rb", "\\r\\n", "[\\r\\n]+", "a[\\-&]b", "\\[x\\]", "\\{1\\}",
  "a\\.b", "[.]+", "(a|b)+", "(?:ab)*", "x|ab", "ab|", "a{1,2}b?", "a*?b", "[a-z]+", "[A-Z]+", "[a-zA-Z]+",
  "\\w+@\\w+\\.com", "[\\w.+-]+@[a-z]+\\.com", "a b", "ab ", "ab\\s*", " ab", "ß", "k", "s", "[^b]+",
  "a\\\\b", "[\\\\]", "\\S*b", "(?:a|ab)(?:c|bcd)?",
];

function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

function jsMatches(normalized: string, caseInsensitive: boolean, value: string): boolean {
  return new RegExp(`^(?:${normalized})$`, caseInsensitive ? "ui" : "u").test(value);
}

let knex: Knex;

beforeAll(async () => {
  knex = await openLowerTestDatabase(1);
  await knex.raw("DROP TABLE IF EXISTS regex_probe");
  await knex.raw(
    "CREATE TABLE regex_probe (id INT PRIMARY KEY, s VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL)",
  );
  await knex("regex_probe").insert(VALUES.map((s, id) => ({ id, s })));
});

afterAll(async () => {
  await knex.destroy();
});

/** Matches of one anchored pattern over every probe row, with the warnings of that statement. */
async function databaseMatches(anchored: string): Promise<{ matches: Map<number, boolean>; warnings: unknown[] }> {
  return knex.transaction(async (trx) => {
    const [rows] = (await trx.raw("SELECT id, s REGEXP ? AS m FROM regex_probe ORDER BY id", [anchored])) as [
      Array<{ id: number; m: number | null }>,
    ];
    const [warnings] = (await trx.raw("SHOW WARNINGS")) as [unknown[]];
    const matches = new Map<number, boolean>();
    for (const row of rows) {
      if (row.m === null) throw new Error(`REGEXP returned NULL for row ${row.id}`);
      matches.set(row.id, row.m === 1);
    }
    return { matches, warnings };
  });
}

/** MariaDB's PCRE2 gives up on catastrophic backtracking with this warning and a false result. */
const MATCH_LIMIT_WARNING = { Level: "Warning", Code: 1139, Message: "Regex error 'match limit exceeded'" };

/**
 * Checks every probe value, with the engine limit the compiler adds: an accepted pattern never
 * reaches it on these short values (src/regex/regex-safety.ts).
 */
async function expectSameAsJavaScript(normalized: string, caseInsensitive: boolean): Promise<void> {
  const { matches, warnings } = await databaseMatches(regexWithEngineLimit(anchoredSqlPattern(normalized, caseInsensitive), "mariadb"));
  expect(warnings).toEqual([]);
  VALUES.forEach((value, id) => {
    if (caseInsensitive && !isAscii(value)) return;
    expect({ value, match: matches.get(id) }).toEqual({ value, match: jsMatches(normalized, caseInsensitive, value) });
  });
}

describe("normalized regex on MariaDB", () => {
  it("receives the bound pattern byte for byte (mysql2 escapes backslashes in bindings)", async () => {
    const patterns = PATTERNS.map((p) => anchoredSqlPattern(normalizeRegex(p, "regex"), true));
    for (const pattern of patterns) {
      const [rows] = (await knex.raw("SELECT ? AS p, HEX(?) AS h", [pattern, pattern])) as [Array<{ p: string; h: string }>];
      expect(rows[0]?.p).toBe(pattern);
      expect(rows[0]?.h).toBe(Buffer.from(pattern, "utf8").toString("hex").toUpperCase());
    }
  });

  it("relies on the session not using NO_BACKSLASH_ESCAPES: with it, each backslash arrives doubled", async () => {
    const pattern = anchoredSqlPattern(normalizeRegex("a\\.b", "regex"), false);
    const received = await knex.transaction(async (trx) => {
      const [[mode]] = (await trx.raw("SELECT @@SESSION.sql_mode AS m")) as [[{ m: string }]];
      await trx.raw("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
      try {
        const [[row]] = (await trx.raw("SELECT ? AS p", [pattern])) as [[{ p: string }]];
        return row.p;
      } finally {
        await trx.raw("SET SESSION sql_mode = ?", [mode.m]);
      }
    });
    expect(received).toBe(pattern.replaceAll("\\", "\\\\"));
    const [[current]] = (await knex.raw("SELECT @@SESSION.sql_mode AS m")) as [[{ m: string }]];
    expect(current.m).not.toContain("NO_BACKSLASH_ESCAPES");
  });

  it("anchors at the true end: 'ab\\n' and 'xaby' do not match 'ab', 'ab' does", async () => {
    const { matches } = await databaseMatches(anchoredSqlPattern(normalizeRegex("ab", "regex"), false));
    expect(matches.get(VALUES.indexOf("ab"))).toBe(true);
    expect(matches.get(VALUES.indexOf("ab\n"))).toBe(false);
    expect(matches.get(VALUES.indexOf("xaby"))).toBe(false);
    expect(matches.get(VALUES.indexOf("ab "))).toBe(false);
  });

  it("would not anchor at the true end with $, which is why \\z is used", async () => {
    const { matches } = await databaseMatches("^(?:ab)$");
    expect(matches.get(VALUES.indexOf("ab\n"))).toBe(true);
  });

  it("reads a raw \\v and \\s as Unicode classes, which is why they are rewritten", async () => {
    const raw = await databaseMatches("^(?:x\\s)\\z");
    expect(raw.matches.get(VALUES.indexOf("x\u0085"))).toBe(true);
    const normalized = await databaseMatches(anchoredSqlPattern(normalizeRegex("x\\s", "regex"), false));
    expect(normalized.matches.get(VALUES.indexOf("x\u0085"))).toBe(false);
  });

  it.each(PATTERNS)("agrees with JavaScript on %j, case-sensitive", async (pattern) => {
    await expectSameAsJavaScript(normalizeRegex(pattern, "regex"), false);
  });

  it.each(PATTERNS)("agrees with JavaScript on %j, case-insensitive (ASCII values)", async (pattern) => {
    await expectSameAsJavaScript(normalizeRegex(pattern, "regex"), true);
  });

  it("gives up on catastrophic backtracking with a warning and a false result (the executor must not trust it)", async () => {
    // Refused by the safety analysis, so written here in its anchored form directly.
    expect(() => normalizeRegex("(?:a|a)*b", "regex")).toThrow(/unsafe pattern/);
    const catastrophic = regexWithEngineLimit("^(?:(?:a|a)*b)\\z", "mariadb", 100_000);
    const { matches, warnings } = await databaseMatches(catastrophic);
    expect(warnings).toEqual([]);
    expect(matches.get(VALUES.indexOf("ab"))).toBe(true);
    const started = Date.now();
    const limited = await knex.transaction(async (trx) => {
      const [rows] = (await trx.raw("SELECT CONCAT(REPEAT('a', 40), 'c', s) REGEXP ? AS m FROM regex_probe WHERE s = 'ab'", [catastrophic])) as [
        Array<{ m: number }>,
      ];
      expect(rows[0]?.m).toBe(0);
      return (await trx.raw("SHOW WARNINGS"))[0] as unknown[];
    });
    expect(limited).toContainEqual(MATCH_LIMIT_WARNING);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 20_000);

  it("compiles the largest accepted patterns without a database error", async () => {
    const heavy = [
      "(?:abcdefghij){1000}",
      "(?:(?:(?:abcdefghij){10}){10}){3}",
      "(?:[a-z][0-9]x){150}",
      "(?:a|b|c|d|e|f|g|h){600}",
      Array.from({ length: 90 }, (_, i) => `${i}\\d{1000}`).join("|"),
      "[à-ÿ😀-😂ā-ž]{1000}".repeat(5),
      "(?:.x){1000}",
      "(".repeat(100) + "a" + ")".repeat(100),
    ];
    for (const pattern of heavy) {
      const normalized = normalizeRegex(pattern, "regex");
      await expectSameAsJavaScript(normalized, false);
    }
  });

  it("agrees with JavaScript on generated patterns", async () => {
    const literal = fc.constantFrom("a", "b", "é", "😀", " ", "\\n", "\\.", "\\-", "1", "_", "A");
    const classBody = fc
      .array(fc.constantFrom("a", "b-d", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "é", "\\n", "_", "\\-", "."), { minLength: 1, maxLength: 4 })
      .map((items) => items.join(""));
    const cls = fc.tuple(fc.boolean(), classBody).map(([neg, body]) => `[${neg ? "^" : ""}${body}]`);
    const atom = fc.oneof(literal, fc.constantFrom(".", "\\d", "\\w", "\\s", "\\D", "\\W", "\\S"), cls);
    const quantifier = fc.constantFrom("", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?");
    const { pattern } = fc.letrec<{ pattern: string; piece: string; group: string }>((tie) => ({
      pattern: fc.array(tie("piece"), { minLength: 1, maxLength: 4 }).chain((pieces) =>
        fc.boolean().map((alt) => (alt && pieces.length > 1 ? `${pieces[0]}|${pieces.slice(1).join("")}` : pieces.join(""))),
      ),
      piece: fc.tuple(fc.oneof({ depthSize: "small", withCrossShrink: true }, atom, atom, tie("group")), quantifier).map(([a, q]) => a + q),
      group: tie("pattern").map((p) => `(${p})`),
    }));
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(pattern, fc.boolean(), async (p, ci) => {
        let normalized: string;
        try {
          normalized = normalizeRegex(p, "regex", ci);
        } catch (err) {
          if (err instanceof UserError) return;
          throw err;
        }
        await expectSameAsJavaScript(normalized, ci);
        checked++;
      }),
      { numRuns: 200, seed: 20240521 },
    );
    expect(checked).toBeGreaterThan(80);
  }, 60_000);
});
