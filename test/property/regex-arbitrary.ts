/**
 * Random patterns in the normalized portable subset of docs/semantics.md §5 (no `.`, no
 * `\d \w \s`: those are already rewritten into classes): ASCII literals, escaped syntax
 * characters, `[^\n]` and ASCII classes, groups, alternation and quantifiers. Half of them are
 * derived from values that occur in the data, so they match something.
 *
 * Quantified groups never contain unbounded quantifiers themselves, so no pattern can
 * backtrack catastrophically on the short values of the dataset.
 */
import fc from "fast-check";

const SYNTAX = new Set(["\\", "^", "$", ".", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}", "/"]);

const CLASSES = [
  "[^\\n]", "[0-9]", "[A-Za-z0-9_]", "[^A-Za-z0-9_]", "[a-z]", "[A-Z]", "[^0-9]", "[ \\t\\n\\r\\f\\v]",
  "[^ \\t\\n\\r\\f\\v]", "[aeiou]", "[\\-.@_]", "[^a-z]", "[A-F0-9]", "[ ]",
];

const LITERALS = [..."abcdefgmnoprstuvxyzADEGIMNPRSVZ0123456789-@_ ,'!#%&:;<=>~"];

/** A single ASCII character as a pattern atom. */
function literal(ch: string): string {
  if (SYNTAX.has(ch)) return `\\${ch}`;
  if (ch === "\t") return "\\t";
  if (ch === "\n") return "\\n";
  if (ch === "\r") return "\\r";
  return ch;
}

const QUANTIFIERS = ["*", "+", "?", "{2}", "{1,}", "{0,2}", "{1,3}", "{0,1000}", "*?", "+?", "??", "{1,2}?"];

const atom: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...LITERALS).map(literal) },
  { weight: 1, arbitrary: fc.constantFrom(...[...SYNTAX]).map(literal) },
  { weight: 4, arbitrary: fc.constantFrom(...CLASSES) },
);

const piece: fc.Arbitrary<string> = fc
  .tuple(atom, fc.option(fc.constantFrom(...QUANTIFIERS), { freq: 2 }))
  .map(([a, q]) => a + (q ?? ""));

/** A sequence of unquantified atoms, for inside quantified groups. */
const plainSequence = fc.array(atom, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(""));

const group: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(plainSequence, { minLength: 1, maxLength: 3 }),
    fc.boolean(),
    fc.option(fc.constantFrom("*", "+", "?", "{0,2}", "{2}", "*?"), { freq: 2 }),
  )
  .map(([alternatives, capturing, q]) => `(${capturing ? "" : "?:"}${alternatives.join("|")})${q ?? ""}`);

/** Patterns built from the grammar. */
export const grammarPattern: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: group }), { minLength: 1, maxLength: 5 })
  .chain((parts) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(parts.join("")) },
      { weight: 1, arbitrary: fc.array(piece, { minLength: 1, maxLength: 3 }).map((alt) => `${parts.join("")}|${alt.join("")}`) },
    ),
  );

/** How one character of a data value is turned into pattern text. */
function characterPattern(ch: string, choice: number): string {
  const cp = ch.codePointAt(0) as number;
  if (cp > 0x7e) return choice % 3 === 0 ? "[^\\n]" : choice % 3 === 1 ? "[^A-Za-z0-9_]" : "[^\\n]";
  if (cp < 0x20 && ch !== "\t" && ch !== "\n" && ch !== "\r") return "[^\\n]";
  switch (choice % 8) {
    case 0:
      return "[^\\n]";
    case 1:
      return /[0-9]/.test(ch) ? "[0-9]" : /[A-Za-z_]/.test(ch) ? "[A-Za-z0-9_]" : literal(ch);
    case 2:
      return /[a-z]/.test(ch) ? ch.toUpperCase() : literal(ch);
    default:
      return literal(ch);
  }
}

/** A pattern that fits (or nearly fits) a given data value, mangled by the `choices`. */
export function patternFromValue(value: string, choices: readonly number[]): string {
  // Often leave out trailing white space: the value is matched exactly as stored (§5).
  const chars = [...((choices[0] ?? 0) % 3 === 0 ? value.replace(/\s+$/, "") : value)];
  let out = "";
  let i = 0;
  for (const [k, ch] of chars.entries()) {
    const c = choices[i++ % Math.max(1, choices.length)] ?? 3;
    if (c % 17 === 5) {
      out += "[^\\n]*";
      continue;
    }
    if (c % 23 === 7 && k === chars.length - 1) break;
    out += characterPattern(ch, c);
  }
  const head = choices[0] ?? 0;
  if (head % 5 === 1) out = `[^\\n]*${out}`;
  if (head % 7 === 2) out = `${out}[^\\n]*`;
  if (head % 11 === 3) out = `(?:${out}|zz)`;
  if (head % 13 === 4) out += " *";
  return out === "" ? "[^\\n]*" : out;
}

/** Number of quantifiers that can repeat a lot (`*`, `+`, `{n,}`, `{n,m}` with m > 3). */
export function countWideQuantifiers(pattern: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      continue;
    }
    if (ch === "[") inClass = true;
    else if (ch === "*" || ch === "+") n++;
    else if (ch === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m && m[2] !== undefined && (m[3] === "" || Number(m[3]) > 3)) n++;
    }
  }
  return n;
}

/** Random normalized patterns; `values` are strings occurring in the data (may be empty). */
export function patternArbitrary(values: readonly string[]): fc.Arbitrary<string> {
  return anyPattern(values).filter((p) => countWideQuantifiers(p) <= 3);
}

function anyPattern(values: readonly string[]): fc.Arbitrary<string> {
  const usable = values.filter((v) => [...v].length <= 60);
  if (usable.length === 0) return grammarPattern;
  const derivedFrom = (pool: readonly string[]): fc.Arbitrary<string> =>
    fc
      .tuple(fc.constantFrom(...pool), fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 12 }))
      .map(([v, choices]) => patternFromValue(v, choices));
  // Values ending in white space (a line feed above all) decide whether the end anchor is exact.
  const edges = [usable.filter((v) => /\n$/.test(v)), usable.filter((v) => /\s$/.test(v))].filter((pool) => pool.length > 0);
  return fc.oneof(
    { weight: 4, arbitrary: grammarPattern },
    { weight: 3, arbitrary: derivedFrom(usable) },
    ...edges.map((pool) => ({ weight: 1, arbitrary: derivedFrom(pool) })),
  );
}
