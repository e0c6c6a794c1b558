/**
 * Prints a parsed pattern in the engine-neutral form: text that MariaDB (PCRE2), MySQL 8 (ICU),
 * RE2 and JavaScript `u`-mode RegExp all read the same way. Only constructs whose meaning is
 * identical everywhere are emitted: `[^\n]` for `.`, explicit ASCII ranges for shorthands,
 * `\xHH` for control characters (`\v` and `\s` mean Unicode classes in PCRE2/ICU), and escapes
 * that JavaScript's `u` mode accepts (no identity escapes of ordinary characters).
 */
import type { ClassItem, RegexNode, Shorthand } from "./regex-ast.js";
import { RegexSyntaxError } from "./parse-regex.js";

/** ECMAScript SyntaxCharacter: the only characters `u` mode lets us escape with `\`. */
const SYNTAX_CHARACTERS = new Set(Array.from("^$\\.*+?()[]{}|"));

/** The ASCII ranges each shorthand stands for (docs/semantics.md §5). */
const SHORTHAND_RANGES: Readonly<Record<Shorthand["name"], ReadonlyArray<readonly [number, number]>>> = {
  d: [[0x30, 0x39]],
  w: [
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0x30, 0x39],
    [0x5f, 0x5f],
  ],
  s: [
    [0x09, 0x09],
    [0x0a, 0x0a],
    [0x0b, 0x0b],
    [0x0c, 0x0c],
    [0x0d, 0x0d],
    [0x20, 0x20],
  ],
};

const ASCII_SIZE = 128;

/** Prints the normalized, unanchored pattern text. */
export function printRegex(node: RegexNode): string {
  switch (node.kind) {
    case "alternation":
      return node.branches.map(printRegex).join("|");
    case "sequence":
      return node.items.map(printRegex).join("");
    case "group":
      return `(?:${printRegex(node.body)})`;
    case "repeat":
      return printRegex(node.body) + repeatSuffix(node.min, node.max) + (node.lazy ? "?" : "");
    case "char":
      return literalOutsideClass(node.codePoint);
    case "dot":
      return "[^\\n]";
    case "class":
      return printClass(node.negated, node.items, node.position);
    default: {
      const impossible: never = node;
      throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
    }
  }
}

function repeatSuffix(min: number, max: number | null): string {
  if (max === null) return min === 0 ? "*" : min === 1 ? "+" : `{${min},}`;
  if (min === 0 && max === 1) return "?";
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function hex(codePoint: number): string {
  return `\\x${codePoint.toString(16).toUpperCase().padStart(2, "0")}`;
}

function controlEscape(codePoint: number): string | undefined {
  if (codePoint === 0x09) return "\\t";
  if (codePoint === 0x0a) return "\\n";
  if (codePoint === 0x0d) return "\\r";
  if (codePoint < 0x20 || codePoint === 0x7f) return hex(codePoint);
  return undefined;
}

function literalOutsideClass(codePoint: number): string {
  const c = String.fromCodePoint(codePoint);
  if (SYNTAX_CHARACTERS.has(c)) return `\\${c}`;
  return controlEscape(codePoint) ?? c;
}

/**
 * A literal inside brackets. `-` is escaped so no engine sees a range; `&` and `~` are written
 * in hex because ICU (and UTS #18 set syntax) gives `&&`, `~~` set-operation meanings.
 */
function literalInClass(codePoint: number): string {
  const c = String.fromCodePoint(codePoint);
  if (SYNTAX_CHARACTERS.has(c) || c === "-") return `\\${c}`;
  if (c === "&" || c === "~") return hex(codePoint);
  return controlEscape(codePoint) ?? c;
}

function printRange(from: number, to: number): string {
  return from === to ? literalInClass(from) : `${literalInClass(from)}-${literalInClass(to)}`;
}

function printItems(items: readonly ClassItem[]): string {
  return items
    .map((item) =>
      item.kind === "range"
        ? printRange(item.from, item.to)
        : SHORTHAND_RANGES[item.name].map(([from, to]) => printRange(from, to)).join(""),
    )
    .join("");
}

function printClass(negated: boolean, items: readonly ClassItem[], position: number): string {
  const hasNegatedShorthand = items.some((i) => i.kind === "shorthand" && i.negated);
  if (!hasNegatedShorthand) return `[${negated ? "^" : ""}${printItems(items)}]`;
  const only = items[0];
  if (items.length === 1 && only?.kind === "shorthand" && !negated) {
    return `[^${printItems([{ ...only, negated: false }])}]`;
  }
  return printClassWithNegatedShorthand(negated, items, position);
}

/**
 * A class mixing a negated shorthand with other items (`[\D_]`, `[^\W]`) has no portable
 * bracket syntax, so its set is computed: a negated shorthand contains every non-ASCII code
 * point, hence the union is "all non-ASCII plus some ASCII set A", printed as `[^ASCII∖A]`,
 * or, when the whole class is negated, as the ASCII-only `[ASCII∖A]`.
 */
function printClassWithNegatedShorthand(negated: boolean, items: readonly ClassItem[], position: number): string {
  const inUnion = asciiMembership(items);
  const ranges = asciiRanges((cp) => inUnion[cp] !== true);
  if (negated) {
    if (ranges.length === 0) throw new RegexSyntaxError(position, "this character class matches no character");
    return `[${ranges.map(([from, to]) => printRange(from, to)).join("")}]`;
  }
  if (ranges.length === 0) return "(?:[^\\n]|\\n)";
  return `[^${ranges.map(([from, to]) => printRange(from, to)).join("")}]`;
}

function asciiMembership(items: readonly ClassItem[]): boolean[] {
  const member = new Array<boolean>(ASCII_SIZE).fill(false);
  for (const item of items) {
    if (item.kind === "range") {
      for (let cp = item.from; cp <= Math.min(item.to, ASCII_SIZE - 1); cp++) member[cp] = true;
      continue;
    }
    const inShorthand = new Array<boolean>(ASCII_SIZE).fill(false);
    for (const [from, to] of SHORTHAND_RANGES[item.name]) for (let cp = from; cp <= to; cp++) inShorthand[cp] = true;
    for (let cp = 0; cp < ASCII_SIZE; cp++) if (inShorthand[cp] !== item.negated) member[cp] = true;
  }
  return member;
}

function asciiRanges(wanted: (cp: number) => boolean): Array<readonly [number, number]> {
  const ranges: Array<readonly [number, number]> = [];
  for (let cp = 0; cp < ASCII_SIZE; cp++) {
    if (!wanted(cp)) continue;
    let end = cp;
    while (end + 1 < ASCII_SIZE && wanted(end + 1)) end++;
    ranges.push([cp, end]);
    cp = end;
  }
  return ranges;
}
