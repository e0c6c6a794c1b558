/**
 * Recursive-descent parser of the portable regex subset (docs/semantics.md §5). Anything
 * outside the subset is rejected with the 0-based code point position of the offending token,
 * so a pattern either means the same on every engine or is refused before it is saved.
 */
import type { ClassItem, RegexNode, Shorthand } from "./regex-ast.js";

/** Longest accepted pattern, in code points. */
export const MAX_REGEX_LENGTH = 1000;
/** Largest repetition count in `{n}`, `{n,}`, `{n,m}`. */
export const MAX_REPEAT_COUNT = 1000;
/** Deepest group nesting; PCRE2 refuses more than 250 by default, so stay well below. */
export const MAX_GROUP_DEPTH = 100;

/** A syntax error at a code point position of the pattern. */
export class RegexSyntaxError extends Error {
  override readonly name = "RegexSyntaxError";
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {
    super(`at position ${position}: ${reason}`);
  }
}

/** ASCII punctuation: the characters `\` may escape to mean themselves. */
const ESCAPABLE_PUNCTUATION = new Set(Array.from("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));

const CONTROL_ESCAPES: Readonly<Record<string, number>> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, v: 0x0b };

const SHORTHANDS: Readonly<Record<string, Shorthand>> = {
  d: { kind: "shorthand", name: "d", negated: false },
  D: { kind: "shorthand", name: "d", negated: true },
  w: { kind: "shorthand", name: "w", negated: false },
  W: { kind: "shorthand", name: "w", negated: true },
  s: { kind: "shorthand", name: "s", negated: false },
  S: { kind: "shorthand", name: "s", negated: true },
};

/** Why an escape letter or digit outside the subset is refused. */
function unsupportedEscapeReason(c: string): string {
  if (/[1-9]/.test(c)) return `backreference \\${c} is not supported`;
  if (c === "k") return "named backreference \\k is not supported";
  if ("bBAzZG".includes(c)) return `anchor \\${c} is not supported: the pattern is always anchored at both ends`;
  if (c === "p" || c === "P") return `Unicode property \\${c} is not supported`;
  if (c === "Q" || c === "E") return `quoting with \\Q…\\E is not supported: escape each special character with \\`;
  if (c === "x" || c === "u" || c === "0" || c === "o" || c === "N") {
    return `escape \\${c} is not supported: write the character itself (only \\t \\n \\r \\f \\v are escapes for characters)`;
  }
  const shown = /^[\x21-\x7e]$/.test(c)
    ? `\\${c}`
    : `\\ followed by U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return `escape ${shown} is not supported (\\ may precede ASCII punctuation, d D w W s S, and t n r f v)`;
}

/**
 * Parses a pattern into its syntax tree.
 * @throws RegexSyntaxError when the pattern is outside the portable subset.
 */
export function parseRegex(pattern: string): RegexNode {
  return new Parser(pattern).parsePattern();
}

class Parser {
  private readonly chars: readonly string[];
  private pos = 0;
  private groupDepth = 0;

  constructor(pattern: string) {
    this.chars = Array.from(pattern);
  }

  parsePattern(): RegexNode {
    if (this.chars.length === 0) throw new RegexSyntaxError(0, "the pattern is empty");
    if (this.chars.length > MAX_REGEX_LENGTH) {
      throw new RegexSyntaxError(MAX_REGEX_LENGTH, `the pattern is longer than ${MAX_REGEX_LENGTH} characters (${this.chars.length})`);
    }
    this.chars.forEach((c, i) => {
      const cp = c.codePointAt(0) ?? 0;
      if (cp >= 0xd800 && cp <= 0xdfff) throw new RegexSyntaxError(i, "invalid character (unpaired UTF-16 surrogate)");
    });
    const node = this.parseAlternation();
    if (this.pos < this.chars.length) {
      // Only an unmatched `)` stops the top-level alternation early.
      throw new RegexSyntaxError(this.pos, "unmatched ) (escape it as \\) for a literal parenthesis)");
    }
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  private parseAlternation(): RegexNode {
    const position = this.pos;
    const branches: RegexNode[] = [this.parseSequence()];
    while (this.peek() === "|") {
      this.pos++;
      branches.push(this.parseSequence());
    }
    return branches.length === 1 && branches[0] ? branches[0] : { kind: "alternation", position, branches };
  }

  private parseSequence(): RegexNode {
    const position = this.pos;
    const items: RegexNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== "|" && c !== ")"; c = this.peek()) {
      items.push(this.parseQuantified());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: "sequence", position, items };
  }

  private parseQuantified(): RegexNode {
    const atom = this.parseAtom();
    const quantifierPos = this.pos;
    const bounds = this.parseQuantifier();
    if (bounds === undefined) return atom;
    let lazy = false;
    if (this.peek() === "?") {
      lazy = true;
      this.pos++;
    } else if (this.peek() === "+") {
      throw new RegexSyntaxError(this.pos, "possessive quantifiers (e.g. a*+) are not supported");
    }
    if (this.startsQuantifier()) {
      throw new RegexSyntaxError(this.pos, "a quantifier cannot follow another quantifier; group the repeated part with (?: … )");
    }
    return { kind: "repeat", position: quantifierPos, body: atom, min: bounds.min, max: bounds.max, lazy };
  }

  private startsQuantifier(): boolean {
    const c = this.peek();
    return c === "*" || c === "+" || c === "?" || (c === "{" && this.counterAhead() !== undefined);
  }

  private parseQuantifier(): { min: number; max: number | null } | undefined {
    switch (this.peek()) {
      case "*":
        this.pos++;
        return { min: 0, max: null };
      case "+":
        this.pos++;
        return { min: 1, max: null };
      case "?":
        this.pos++;
        return { min: 0, max: 1 };
      case "{": {
        const counter = this.counterAhead();
        if (counter === undefined) {
          throw new RegexSyntaxError(this.pos, "invalid repetition: write {n}, {n,} or {n,m}, or \\{ for a literal {");
        }
        this.checkCounter(counter);
        this.pos += counter.length;
        return { min: counter.min, max: counter.max };
      }
      default:
        return undefined;
    }
  }

  /** Reads `{n}`, `{n,}` or `{n,m}` at the current position without consuming it. */
  private counterAhead(): { min: number; max: number | null; length: number; text: string } | undefined {
    let end = this.pos + 1;
    while (end < this.chars.length && this.chars[end] !== "}" && end - this.pos <= 20) end++;
    if (this.chars[end] !== "}") return undefined;
    const text = this.chars.slice(this.pos, end + 1).join("");
    const m = /^\{(\d+)(,(\d*))?\}$/.exec(text);
    if (!m || m[1] === undefined) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" || m[3] === undefined ? null : Number(m[3]);
    return { min, max, length: end + 1 - this.pos, text };
  }

  private checkCounter(counter: { min: number; max: number | null; text: string }): void {
    if (counter.min > MAX_REPEAT_COUNT || (counter.max !== null && counter.max > MAX_REPEAT_COUNT)) {
      throw new RegexSyntaxError(this.pos, `repetition ${counter.text} exceeds the limit of ${MAX_REPEAT_COUNT}`);
    }
    if (counter.max !== null && counter.min > counter.max) {
      throw new RegexSyntaxError(this.pos, `repetition ${counter.text} has its minimum greater than its maximum`);
    }
  }

  private parseAtom(): RegexNode {
    const position = this.pos;
    const c = this.peek();
    switch (c) {
      case undefined:
        throw new RegexSyntaxError(position, "unexpected end of pattern");
      case "(":
        return this.parseGroup();
      case "[":
        return this.parseClass();
      case ".":
        this.pos++;
        return { kind: "dot", position };
      case "\\":
        return this.parseEscape();
      case "^":
      case "$":
        throw new RegexSyntaxError(position, `${c} is not allowed: the pattern is always anchored at both ends (escape it as \\${c} for a literal)`);
      case "*":
      case "+":
      case "?":
        throw new RegexSyntaxError(position, `quantifier ${c} has nothing to repeat`);
      case "{":
        if (this.counterAhead() !== undefined) throw new RegexSyntaxError(position, "quantifier { has nothing to repeat");
        throw new RegexSyntaxError(position, "unescaped {: write \\{ for a literal {");
      case "}":
      case "]":
        throw new RegexSyntaxError(position, `unescaped ${c}: write \\${c} for a literal ${c}`);
      default:
        this.pos++;
        return { kind: "char", position, codePoint: c.codePointAt(0) ?? 0 };
    }
  }

  private parseGroup(): RegexNode {
    const position = this.pos;
    this.pos++;
    if (this.peek() === "?") this.parseGroupPrefix(position);
    if (++this.groupDepth > MAX_GROUP_DEPTH) {
      throw new RegexSyntaxError(position, `groups are nested more than ${MAX_GROUP_DEPTH} deep`);
    }
    const body = this.parseAlternation();
    if (this.peek() !== ")") throw new RegexSyntaxError(position, "missing ) for the group opened here");
    this.pos++;
    this.groupDepth--;
    return { kind: "group", position, body };
  }

  /** Accepts `(?:` and names every other `(?` construct in its rejection. */
  private parseGroupPrefix(position: number): void {
    const next = this.peek(1);
    const after = this.peek(2);
    if (next === ":") {
      this.pos += 2;
      return;
    }
    const reject = (what: string): never => {
      throw new RegexSyntaxError(position, what);
    };
    if (next === "=" || next === "!") reject(`lookahead (?${next} is not supported`);
    if (next === "<" && (after === "=" || after === "!")) reject(`lookbehind (?<${after} is not supported`);
    if (next === "<" || next === "'" || next === "P") reject("named groups are not supported: use ( … ) or (?: … )");
    if (next === "#") reject("comments (?# … ) are not supported");
    if (next === ">") reject("atomic groups (?> … ) are not supported");
    if (next === "|") reject("branch reset groups (?| … ) are not supported");
    if (next !== undefined && /[A-Za-z^-]/.test(next)) reject("inline flags such as (?i) are not supported: set case_insensitive instead");
    reject(`unsupported group syntax (?${next ?? ""}`);
  }

  private parseEscape(): RegexNode {
    const position = this.pos;
    const c = this.peek(1);
    if (c === undefined) throw new RegexSyntaxError(position, "the pattern ends with a lone backslash");
    this.pos += 2;
    const shorthand = SHORTHANDS[c];
    if (shorthand) return { kind: "class", position, negated: false, items: [shorthand] };
    const codePoint = this.escapedCodePoint(c, position);
    return { kind: "char", position, codePoint };
  }

  /** The character an escape `\c` stands for (outside or inside classes). */
  private escapedCodePoint(c: string, position: number): number {
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return control;
    if (ESCAPABLE_PUNCTUATION.has(c)) return c.codePointAt(0) ?? 0;
    throw new RegexSyntaxError(position, unsupportedEscapeReason(c));
  }

  private parseClass(): RegexNode {
    const position = this.pos;
    this.pos++;
    let negated = false;
    if (this.peek() === "^") {
      negated = true;
      this.pos++;
    }
    if (this.peek() === "]") {
      throw new RegexSyntaxError(this.pos, "empty character class: write \\] for a literal ] inside a class");
    }
    const firstItemPos = this.pos;
    const items: ClassItem[] = [];
    while (this.peek() !== "]") {
      items.push(this.parseClassItem(position, firstItemPos));
    }
    this.pos++;
    return { kind: "class", position, negated, items };
  }

  private parseClassItem(classPos: number, firstItemPos: number): ClassItem {
    const startPos = this.pos;
    const start = this.parseClassAtom(classPos, firstItemPos);
    if (this.peek() !== "-" || this.peek(1) === "]" || this.peek(1) === undefined) {
      return start.kind === "shorthand" ? start : { kind: "range", from: start.codePoint, to: start.codePoint };
    }
    const dashPos = this.pos;
    this.pos++;
    const end = this.parseClassAtom(classPos, firstItemPos);
    if (start.kind === "shorthand" || end.kind === "shorthand") {
      throw new RegexSyntaxError(dashPos, "a class shorthand (\\d \\w \\s …) cannot be a range end: write \\- for a literal -");
    }
    if (start.codePoint > end.codePoint) {
      throw new RegexSyntaxError(startPos, `range out of order: ${this.chars.slice(startPos, this.pos).join("")}`);
    }
    return { kind: "range", from: start.codePoint, to: end.codePoint };
  }

  private parseClassAtom(
    classPos: number,
    firstItemPos: number,
  ): Shorthand | { kind: "char"; codePoint: number } {
    const position = this.pos;
    const c = this.peek();
    if (c === undefined) throw new RegexSyntaxError(classPos, "missing ] for the character class opened here");
    if (c === "[") {
      throw new RegexSyntaxError(position, "unescaped [ inside a character class: write \\[ (POSIX classes like [:alpha:] and nested sets are not supported)");
    }
    if (c === "-" && position !== firstItemPos && this.peek(1) !== "]") {
      throw new RegexSyntaxError(position, "ambiguous - inside a character class: write \\- for a literal -, or put it first or last");
    }
    if (c !== "\\") {
      this.pos++;
      return { kind: "char", codePoint: c.codePointAt(0) ?? 0 };
    }
    const e = this.peek(1);
    if (e === undefined) throw new RegexSyntaxError(position, "the pattern ends with a lone backslash");
    this.pos += 2;
    const shorthand = SHORTHANDS[e];
    if (shorthand) return shorthand;
    if (e === "b") throw new RegexSyntaxError(position, "escape \\b is not supported");
    return { kind: "char", codePoint: this.escapedCodePoint(e, position) };
  }
}
