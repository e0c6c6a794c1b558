import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors/user-error.js";
import { normalizeRegex } from "../../src/regex/normalize-regex.js";

const PATH = "predicate.condition.pattern.regex";

/** [pattern as the user writes it, normalized engine-neutral form] */
const ACCEPTED: ReadonlyArray<readonly [string, string]> = [
  // literals
  ["ab", "ab"],
  ["a b", "a b"],
  ["é😀", "é😀"],
  ["a-b&c~d/e", "a-b&c~d/e"],
  // escaped punctuation: syntax characters stay escaped, others become plain
  ["\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\"],
  ["\\-\\&\\~\\/\\@\\#\\!\\%\\,\\'\\\"", "-&~/@#!%,'\""],
  // control escapes: \v and \f in hex because PCRE2 reads \v as a Unicode class
  ["\\t\\n\\r", "\\t\\n\\r"],
  ["\\v\\f", "\\x0B\\x0C"],
  // dot and shorthands
  [".", "[^\\n]"],
  ["a.*b", "a[^\\n]*b"],
  ["\\d", "[0-9]"],
  ["\\w", "[A-Za-z0-9_]"],
  ["\\s", "[\\t\\n\\x0B\\x0C\\r ]"],
  ["\\D", "[^0-9]"],
  ["\\W", "[^A-Za-z0-9_]"],
  ["\\S", "[^\\t\\n\\x0B\\x0C\\r ]"],
  // classes
  ["[abc]", "[abc]"],
  ["[^abc]", "[^abc]"],
  ["[a-z0-9]", "[a-z0-9]"],
  ["[à-ÿ😀]", "[à-ÿ😀]"],
  ["[\\da-f]", "[0-9a-f]"],
  ["[\\w.-]", "[A-Za-z0-9_\\.\\-]"],
  ["[-a]", "[\\-a]"],
  ["[^-a]", "[^\\-a]"],
  ["[--/]", "[\\--/]"],
  ["[\\]\\[\\\\\\^]", "[\\]\\[\\\\\\^]"],
  ["[.$^|?*+(){}]", "[\\.\\$\\^\\|\\?\\*\\+\\(\\)\\{\\}]"],
  ["[&~]", "[\\x26\\x7E]"],
  ["[\\t\\v]", "[\\t\\x0B]"],
  ["[\\s]", "[\\t\\n\\x0B\\x0C\\r ]"],
  // negated shorthands inside classes are computed as sets
  ["[\\D]", "[^0-9]"],
  ["[^\\D]", "[0-9]"],
  ["[a\\D]", "[^0-9]"],
  ["[\\S\\n]", "[^\\t\\x0B-\\r ]"],
  ["[^\\W_]", "[0-9A-Za-z]"],
  ["[\\W\\w]", "(?:[^\\n]|\\n)"],
  ["[\\W\\w]{2}", "(?:[^\\n]|\\n){2}"],
  // groups and alternation
  ["(ab)", "(?:ab)"],
  ["(?:ab)", "(?:ab)"],
  ["a|b|", "a|b|"],
  ["()", "(?:)"],
  ["((a|b)c)+", "(?:(?:a|b)c)+"],
  // quantifiers
  ["a*b+c?", "a*b+c?"],
  ["a*?b+?c??", "a*?b+?c??"],
  ["a{3}", "a{3}"],
  ["a{3,}", "a{3,}"],
  ["a{0,}", "a*"],
  ["a{1,}", "a+"],
  ["a{0,1}", "a?"],
  ["a{2,5}?", "a{2,5}?"],
  ["a{1000}", "a{1000}"],
  ["a{0,1000}", "a{0,1000}"],
  ["(?:abcdefghij){1000}", "(?:abcdefghij){1000}"],
  ["(?:a{10}){100}", "(?:a{10}){100}"],
  ["x".repeat(1000), "x".repeat(1000)],
  // a typical e-mail test
  ["[\\w.+-]+@example\\.(com|org)", "[A-Za-z0-9_\\.\\+\\-]+@example\\.(?:com|org)"],
];

/** [pattern, position in the message, fragment of the message] */
const REJECTED: ReadonlyArray<readonly [string, number, string]> = [
  ["", 0, "the pattern is empty"],
  ["x".repeat(1001), 1000, "longer than 1000 characters"],
  ["\\1", 0, "backreference \\1"],
  ["(a)\\1", 3, "backreference \\1"],
  ["\\k<n>", 0, "named backreference"],
  ["a(?=b)", 1, "lookahead (?="],
  ["a(?!b)", 1, "lookahead (?!"],
  ["(?<=a)b", 0, "lookbehind (?<="],
  ["(?<!a)b", 0, "lookbehind (?<!"],
  ["(?<n>a)", 0, "named groups"],
  ["(?P<n>a)", 0, "named groups"],
  ["(?'n'a)", 0, "named groups"],
  ["(?i)ab", 0, "inline flags"],
  ["a(?i:b)", 1, "inline flags"],
  ["(?-i)a", 0, "inline flags"],
  ["(?#note)a", 0, "comments"],
  ["(?>a)", 0, "atomic groups"],
  ["(?|a)", 0, "branch reset"],
  ["(?", 0, "unsupported group syntax"],
  ["^a", 0, "^ is not allowed: the pattern is always anchored"],
  ["a$", 1, "$ is not allowed"],
  ["a\\b", 1, "anchor \\b"],
  ["\\Ba", 0, "anchor \\B"],
  ["\\Aa", 0, "anchor \\A"],
  ["a\\z", 1, "anchor \\z"],
  ["a\\Z", 1, "anchor \\Z"],
  ["\\p{L}", 0, "Unicode property \\p"],
  ["\\P{L}", 0, "Unicode property \\P"],
  ["[\\p{L}]", 1, "Unicode property \\p"],
  ["a*+", 2, "possessive"],
  ["a{2}+", 4, "possessive"],
  ["a**", 2, "cannot follow another quantifier"],
  ["a{2}{3}", 4, "cannot follow another quantifier"],
  ["a??+", 3, "cannot follow another quantifier"],
  ["*a", 0, "quantifier * has nothing to repeat"],
  ["a|+", 2, "quantifier + has nothing to repeat"],
  ["(?)", 0, "unsupported group syntax"],
  ["(*UTF)a", 1, "nothing to repeat"],
  ["{3}", 0, "nothing to repeat"],
  ["a{,3}", 1, "invalid repetition"],
  ["a{3", 1, "invalid repetition"],
  ["a{x}", 1, "invalid repetition"],
  ["a{1001}", 1, "exceeds the limit of 1000"],
  ["a{1,1001}", 1, "exceeds the limit of 1000"],
  ["a{3,2}", 1, "minimum greater than its maximum"],
  ["a}", 1, "unescaped }"],
  ["a]", 1, "unescaped ]"],
  ["(a", 0, "missing ) for the group opened here"],
  ["a)", 1, "unmatched )"],
  ["[ab", 0, "missing ] for the character class"],
  ["[]a]", 1, "empty character class"],
  ["[^]a]", 2, "empty character class"],
  ["[[:alpha:]]", 1, "unescaped [ inside a character class"],
  ["[a[b]", 2, "unescaped [ inside a character class"],
  ["[z-a]", 1, "range out of order: z-a"],
  ["[a-c-e]", 4, "ambiguous -"],
  ["[\\d-z]", 3, "cannot be a range end"],
  ["[a-\\w]", 2, "cannot be a range end"],
  ["[^\\W\\w]", 0, "matches no character"],
  ["[\\b]", 1, "escape \\b is not supported"],
  ["\\", 0, "lone backslash"],
  ["[a\\", 2, "lone backslash"],
  ["\\x41", 0, "escape \\x is not supported"],
  ["\\u0041", 0, "escape \\u is not supported"],
  ["\\0", 0, "escape \\0 is not supported"],
  ["\\cA", 0, "escape \\c is not supported"],
  ["\\h", 0, "escape \\h is not supported"],
  ["\\R", 0, "escape \\R is not supported"],
  ["\\X", 0, "escape \\X is not supported"],
  ["\\Qa.b\\E", 0, "quoting with \\Q"],
  ["\\ ", 0, "escape \\ followed by U+0020"],
  ["a\\é", 1, "escape \\ followed by U+00E9"],
  ["😀\\1", 1, "backreference"],
  ["(a{100}){100}", 2, "nested repetition counts multiply to more than 1000"],
  ["((a){10}){101}", 4, "nested repetition counts multiply"],
  ["([a-z]x){1000}", 8, "too large once its repetitions are expanded"],
  ["(".repeat(101) + ")".repeat(101), 100, "nested more than 100 deep"],
  ["a\uD800b", 1, "unpaired UTF-16 surrogate"],
];

function rejection(pattern: string): UserError {
  try {
    normalizeRegex(pattern, PATH);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error(`pattern ${JSON.stringify(pattern)} was accepted`);
}

describe("normalizeRegex", () => {
  it.each(ACCEPTED)("accepts %j as %j", (pattern, normalized) => {
    expect(normalizeRegex(pattern, PATH)).toBe(normalized);
  });

  it.each(ACCEPTED)("produces %j whose normal form is a valid JavaScript u-mode RegExp", (pattern) => {
    expect(() => new RegExp(`^(?:${normalizeRegex(pattern, PATH)})$`, "u")).not.toThrow();
  });

  it.each(REJECTED)("rejects %j at position %i (%s)", (pattern, position, fragment) => {
    const err = rejection(pattern);
    expect(err.code).toBe("invalid_argument");
    expect(err.path).toBe(PATH);
    expect(err.detail).toContain(`invalid pattern at position ${position}: `);
    expect(err.detail).toContain(fragment);
  });

  it("maps a normal form without hex escapes to itself", () => {
    const forms = ACCEPTED.map(([pattern]) => normalizeRegex(pattern, PATH)).filter((f) => !f.includes("\\x"));
    expect(forms.length).toBeGreaterThan(40);
    for (const form of forms) expect(normalizeRegex(form, PATH)).toBe(form);
  });
});
