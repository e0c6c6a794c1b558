/**
 * The backtracking analysis of src/regex/regex-safety.ts, as docs/semantics.md §5 states it:
 * patterns a backtracking engine matches in linear or quadratic time are accepted, nested or
 * overlapping repetitions and longer chains are refused at their position with a reason.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors/user-error.js";
import { normalizeRegex } from "../../src/regex/normalize-regex.js";
import { parseRegex } from "../../src/regex/parse-regex.js";
import { checkRegexSafety, RegexUnsafeError } from "../../src/regex/regex-safety.js";

const PATH = "predicate.and[1].condition.pattern.regex";

/** Patterns people write, each linear or quadratic for a backtracking engine. */
const ACCEPTED: readonly string[] = [
  ".*",
  "a.*b",
  ".*@gmail\\.com",
  "[a-z0-9._%+-]+@example\\.com",
  "(foo|bar)-[0-9]{3,8}",
  ".*foo.*",
  ".*foo.*bar",
  ".*.*x",
  "[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+",
  "[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(com|org|net)",
  "\\d{3}-\\d{4}",
  "(\\+49|0)[1-9][0-9 ]{5,15}",
  "[A-Z][a-z]+( [A-Z][a-z]+)*",
  "(a[^a]*){20}x",
  "(a.*){2}",
  "(?:abcdefghij){1000}",
  "(?:a{10}){100}",
  "(?:a|b|c|d|e|f|g|h){600}",
  "[A-Za-z]+ (1|2|3|4|5|6|7|8|9)*0x",
  "Customer [0-9]+",
  "(?:a|ab)(?:c|bcd)?",
  "(a|b)+",
  "x*y*z*",
  "[^,]*,[^,]*,[^,]*",
];

/** [pattern, position in the message, fragment of the message] */
const REJECTED: ReadonlyArray<readonly [string, number, string]> = [
  ["(a*)*b", 4, "contains the repetition at position 2"],
  ["(a+)+", 4, "contains the repetition at position 2"],
  ["(.*){1000}", 4, "multiplies with each of the 1000 repetitions"],
  ["(.*.*)*@", 6, "grows exponentially with the length of the value"],
  ["(a|a)*", 5, "alternatives it repeats can start with the same character"],
  ["(a|ab)*c", 6, "alternatives it repeats can start with the same character"],
  ["(a.*){20}", 5, "multiplies with each of the 20 repetitions"],
  ["(a.*){3}", 5, "multiplies with each of the 3 repetitions"],
  ["(?:a?){30}a{30}", 6, "more than one way"],
  [".*.*.*x", 1, "repetitions at positions 1, 3, 5 follow one another"],
  [".*a.*b.*c", 1, "repetitions at positions 1, 4, 7 follow one another"],
  [".*foo.*bar.*", 1, "repetitions at positions 1, 6"],
  ["x(\\w+\\s?)+y", 9, "backtrack catastrophically"],
  ["([a-z]+)*@", 8, "contains the repetition at position 6"],
  ["(\\d|[0-9])+", 10, "alternatives it repeats can start with the same character"],
];

describe("checkRegexSafety", () => {
  it.each(ACCEPTED)("accepts %j", (pattern) => {
    expect(() => normalizeRegex(pattern, PATH)).not.toThrow();
  });

  it.each(REJECTED)("refuses %j at position %i", (pattern, position, fragment) => {
    let caught: unknown;
    try {
      normalizeRegex(pattern, PATH);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    const err = caught as UserError;
    expect(err.code).toBe("invalid_argument");
    expect(err.path).toBe(PATH);
    expect(err.detail).toMatch(new RegExp(`^unsafe pattern at position ${position}: `));
    expect(err.detail).toContain(fragment);
  });

  it("says how to rewrite the pattern", () => {
    expect(() => normalizeRegex("(a+)+", PATH)).toThrow(/\(a\+\)\+ → a\+/);
    expect(() => normalizeRegex(".*.*.*x", PATH)).toThrow(/\[\^@\]\*@ instead of \.\*@/);
    expect(() => normalizeRegex("(a.*){20}", PATH)).toThrow(/reduce the count/);
  });

  it("throws a RegexUnsafeError carrying the position on the syntax tree", () => {
    expect(() => checkRegexSafety(parseRegex("(a|a)*"), { caseInsensitive: false })).toThrow(RegexUnsafeError);
    try {
      checkRegexSafety(parseRegex("xy(a|a)*"), { caseInsensitive: false });
    } catch (err) {
      expect((err as RegexUnsafeError).position).toBe(7);
    }
  });

  it("lets letters overlap their other case when matching ignores case", () => {
    // [a-z]+ and [A-Z]+ are disjoint, unless case is ignored.
    expect(() => normalizeRegex("([a-z]|[A-Z])*x", PATH)).not.toThrow();
    expect(() => normalizeRegex("([a-z]|[A-Z])*x", PATH, true)).toThrow(/alternatives it repeats can start with the same character/);
    // The Kelvin sign folds to k in Unicode case folding.
    expect(() => normalizeRegex("(k|\u212A)*x", PATH)).not.toThrow();
    expect(() => normalizeRegex("(k|\u212A)*x", PATH, true)).toThrow(/unsafe pattern/);
  });

  it("tells disjoint character classes apart, negated ones and shorthands included", () => {
    expect(() => normalizeRegex("(\\d+,)*\\d+", PATH)).not.toThrow();
    expect(() => normalizeRegex("([^,]+,)*[^,]+", PATH)).not.toThrow();
    expect(() => normalizeRegex("(\\w+\\W)*", PATH)).not.toThrow();
    expect(() => normalizeRegex("(\\w+\\s?)*", PATH)).toThrow(/unsafe pattern/);
    expect(() => normalizeRegex("([^,]+,?)*", PATH)).toThrow(/unsafe pattern/);
  });

  it("analyses the largest patterns quickly", () => {
    const started = performance.now();
    normalizeRegex("(?:abcdefghij){1000}", PATH);
    normalizeRegex(Array.from({ length: 90 }, (_, i) => `${i}\\d{1000}`).join("|"), PATH);
    normalizeRegex("[à-ÿ😀-😂ā-ž]{1000}".repeat(5), PATH, true);
    normalizeRegex("(".repeat(100) + "a" + ")".repeat(100), PATH);
    expect(() => normalizeRegex("(".repeat(100) + "a*" + ")*".repeat(100), PATH)).toThrow(/unsafe pattern/);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
