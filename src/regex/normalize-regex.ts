/**
 * Entry point of the regex stage: validates a user pattern against the portable subset of
 * docs/semantics.md §5 and returns its engine-neutral, unanchored form.
 */
import { invalidArgument } from "../errors/user-error.js";
import { checkRegexComplexity } from "./regex-complexity.js";
import { parseRegex, RegexSyntaxError } from "./parse-regex.js";
import { printRegex } from "./print-regex.js";
import { checkRegexSafety, RegexUnsafeError } from "./regex-safety.js";

/**
 * Validates `pattern` and returns the normalized pattern text (unanchored), e.g.
 * `a.\d+` → `a[^\n][0-9]+`.
 * @param path request path of the pattern, used in the error.
 * @param caseInsensitive whether the pattern will be matched ignoring case (the backtracking
 *   analysis then lets letters match their case partners).
 * @throws UserError `invalid_argument` at `path`, message `invalid pattern at position N: …`, or
 *   `unsafe pattern at position N: …` when matching could backtrack catastrophically
 *   (N is a 0-based offset in code points).
 */
export function normalizeRegex(pattern: string, path: string, caseInsensitive = false): string {
  try {
    const tree = parseRegex(pattern);
    checkRegexComplexity(tree);
    checkRegexSafety(tree, { caseInsensitive });
    return printRegex(tree);
  } catch (err) {
    if (err instanceof RegexUnsafeError) throw invalidArgument(path, `unsafe pattern at position ${err.position}: ${err.reason}`, "REGEX_UNSAFE");
    if (err instanceof RegexSyntaxError) throw invalidArgument(path, `invalid pattern at position ${err.position}: ${err.reason}`, "REGEX_UNSAFE");
    throw err;
  }
}
