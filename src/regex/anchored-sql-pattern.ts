/**
 * Turns a normalized portable pattern (see docs/semantics.md §5) into the text given to SQL
 * `REGEXP`: anchored at the very start and the very end of the value, case-insensitive when asked.
 * `\z` is used for the end because `$` also matches before a final line feed in PCRE2 and ICU.
 */
export function anchoredSqlPattern(normalized: string, caseInsensitive: boolean): string {
  return `${caseInsensitive ? "(?i)" : ""}^(?:${normalized})\\z`;
}
