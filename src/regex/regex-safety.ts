/**
 * Refuses patterns that a backtracking engine (MariaDB's PCRE2, MySQL's ICU) could take
 * exponential or high-polynomial time to match, before they are saved or run. The analysis
 * bounds, on the syntax tree, the work of a naive backtracking matcher of the anchored pattern
 * on any value of up to MAX_ANALYZED_VALUE_LENGTH characters, and refuses the pattern when that
 * bound exceeds MAX_BACKTRACKING_STEPS (docs/semantics.md §5 states the guarantee).
 *
 * The model, per start position of a part of the pattern on an adversarial value:
 * - `e`: how many (way, end) pairs the part can produce that the rest of the pattern can go on
 *   from, i.e. whose next character can start what follows (or that sit at the value's end);
 * - `all`: every (way, end) pair, those the rest fails on at once included;
 * - `t`: the steps spent inside the part, every backtracking alternative included.
 * A sequence multiplies: each continuation of one part re-runs the next. A repetition whose
 * body has one continuation per start (`e ≤ 1`) is a chain of at most n iterations; a body with
 * several continuations makes a tree of iterations, exponential in their number.
 */
import type { RegexNode } from "./regex-ast.js";
import { RegexSyntaxError } from "./parse-regex.js";
import { type CharSet, DOT_SET, EMPTY_SET, caseFold, charSetOf, classSet, intersects, union } from "./char-set.js";

/**
 * Longest value the bound is computed for: the longest string column (`customers.email`,
 * VARCHAR(320)); custom string values are at most 255 characters.
 */
export const MAX_ANALYZED_VALUE_LENGTH = 320;
/** Largest accepted bound of backtracking steps on one value. */
export const MAX_BACKTRACKING_STEPS = 1_000_000;

/** A pattern refused because matching it could take too long; a syntax error by position. */
export class RegexUnsafeError extends RegexSyntaxError {}

/** Options of the analysis. */
export interface RegexSafetyOptions {
  /** Whether the pattern is matched case-insensitively (letters then match their case partners). */
  readonly caseInsensitive: boolean;
}

/**
 * Throws when matching `tree` could backtrack beyond the bound.
 * @throws RegexUnsafeError at the repetition or sequence that makes matching expensive, saying why
 *   and how to rewrite it.
 */
export function checkRegexSafety(tree: RegexNode, options: RegexSafetyOptions): void {
  const analysis = new Analysis(options.caseInsensitive);
  const cost = analysis.cost(tree, { chars: EMPTY_SET, end: true });
  const total = cost.t + cost.all;
  if (total > MAX_BACKTRACKING_STEPS) {
    throw new RegexUnsafeError(tree.position, `${tooExpensive()}; simplify the pattern`);
  }
}

/** What may come right after a part: characters, or the end of the value. */
interface Follow {
  readonly chars: CharSet;
  readonly end: boolean;
}

/** Bounds of one part at one start position (see the module comment). */
interface Cost {
  readonly t: number;
  readonly e: number;
  readonly all: number;
}

/** Properties of a part that do not depend on what follows it. */
interface Shape {
  readonly nullable: boolean;
  /** Characters a non-empty match can start with. */
  readonly first: CharSet;
  /** Steps to give up on a start whose character cannot begin a match. */
  readonly failCost: number;
  /** Whether the part contains an unbounded repetition of something non-empty. */
  readonly unbounded: boolean;
}

const N = MAX_ANALYZED_VALUE_LENGTH;

function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

function tooExpensive(): string {
  return `matching could need more than ${MAX_BACKTRACKING_STEPS.toLocaleString("en-US")} backtracking steps on a value of ${N} characters`;
}

/** The unbounded quantifier a node is or contains, for naming it in messages. */
function unboundedRepeatIn(node: RegexNode): RegexNode | undefined {
  switch (node.kind) {
    case "repeat":
      return node.max === null ? node : unboundedRepeatIn(node.body);
    case "group":
      return unboundedRepeatIn(node.body);
    case "sequence":
      return node.items.map(unboundedRepeatIn).find((n) => n !== undefined);
    case "alternation":
      return node.branches.map(unboundedRepeatIn).find((n) => n !== undefined);
    case "char":
    case "dot":
    case "class":
      return undefined;
    default: {
      const impossible: never = node;
      throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
    }
  }
}

function quantifierText(node: Extract<RegexNode, { kind: "repeat" }>): string {
  if (node.max === null) return node.min === 0 ? "*" : node.min === 1 ? "+" : `{${node.min},}`;
  if (node.min === 0 && node.max === 1) return "?";
  return node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`;
}

class Analysis {
  private readonly shapes = new Map<RegexNode, Shape>();

  constructor(private readonly caseInsensitive: boolean) {}

  private atomSet(set: CharSet): CharSet {
    return this.caseInsensitive ? caseFold(set) : set;
  }

  shape(node: RegexNode): Shape {
    const known = this.shapes.get(node);
    if (known) return known;
    const shape = this.computeShape(node);
    this.shapes.set(node, shape);
    return shape;
  }

  private computeShape(node: RegexNode): Shape {
    switch (node.kind) {
      case "char":
        return { nullable: false, first: this.atomSet(charSetOf([[node.codePoint, node.codePoint]])), failCost: 1, unbounded: false };
      case "dot":
        return { nullable: false, first: this.atomSet(DOT_SET), failCost: 1, unbounded: false };
      case "class":
        return { nullable: false, first: classSet(node.negated, node.items, this.caseInsensitive), failCost: 1, unbounded: false };
      case "group":
        return this.shape(node.body);
      case "alternation": {
        const shapes = node.branches.map((b) => this.shape(b));
        return {
          nullable: shapes.some((s) => s.nullable),
          first: shapes.reduce((acc, s) => union(acc, s.first), EMPTY_SET),
          failCost: shapes.reduce((acc, s) => acc + s.failCost, 0),
          unbounded: shapes.some((s) => s.unbounded),
        };
      }
      case "sequence": {
        let nullable = true;
        let first = EMPTY_SET;
        let failCost = 0;
        let unbounded = false;
        for (const item of node.items) {
          const s = this.shape(item);
          unbounded ||= s.unbounded;
          if (!nullable) continue;
          first = union(first, s.first);
          failCost += s.failCost;
          nullable = s.nullable;
        }
        return { nullable, first, failCost: Math.max(failCost, 1), unbounded };
      }
      case "repeat": {
        const body = this.shape(node.body);
        if (node.max === 0) return { nullable: true, first: EMPTY_SET, failCost: 1, unbounded: false };
        const copies = body.nullable && node.max !== null ? node.max : 1;
        return {
          nullable: node.min === 0 || body.nullable,
          first: body.first,
          failCost: copies * body.failCost,
          unbounded: body.unbounded || (node.max === null && !(body.nullable && body.first.length === 0)),
        };
      }
      default: {
        const impossible: never = node;
        throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
      }
    }
  }

  cost(node: RegexNode, follow: Follow): Cost {
    switch (node.kind) {
      case "char":
      case "dot":
      case "class":
        return { t: 1, e: 1, all: 1 };
      case "group":
        return this.cost(node.body, follow);
      case "sequence":
        return this.sequenceCost(node, follow);
      case "alternation":
        return this.alternationCost(node, follow);
      case "repeat":
        return this.repeatCost(node, follow);
      default: {
        const impossible: never = node;
        throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
      }
    }
  }

  private sequenceCost(node: Extract<RegexNode, { kind: "sequence" }>, follow: Follow): Cost {
    let acc: Cost = { t: 0, e: 1, all: 1 };
    let restFail = 0;
    let restNullable = true;
    let f = follow;
    const ambiguous: RegexNode[] = [];
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item = node.items[i]!;
      const c = this.cost(item, f);
      if (c.e > 1) ambiguous.unshift(item);
      const dead = Math.max(0, c.all - c.e);
      acc = {
        t: c.t + mul(c.e, acc.t) + mul(dead, restFail),
        e: mul(c.e, acc.e),
        all: mul(c.e, acc.all) + (restNullable ? dead : 0),
      };
      if (acc.t > MAX_BACKTRACKING_STEPS) throw this.chainError(item, ambiguous);
      const s = this.shape(item);
      restFail = s.nullable ? restFail + s.failCost : s.failCost;
      restNullable &&= s.nullable;
      f = s.nullable ? { chars: union(s.first, f.chars), end: f.end } : { chars: s.first, end: false };
    }
    return acc;
  }

  private chainError(at: RegexNode, ambiguous: readonly RegexNode[]): RegexUnsafeError {
    const repeats = ambiguous.map((n) => unboundedRepeatIn(n) ?? n);
    if (repeats.length >= 2) {
      const positions = repeats.map((r) => r.position);
      return new RegexUnsafeError(
        positions[0]!,
        `the repetitions at positions ${positions.join(", ")} follow one another and can match the same characters, so a backtracking engine tries every way to split the value between them (${tooExpensive()}); ` +
          "make each repetition stop where the next part begins (e.g. [^@]*@ instead of .*@), merge neighbours (.*.* is .*), or use at most two such repetitions in a row",
      );
    }
    return new RegexUnsafeError(at.position, `${tooExpensive()}; simplify this part of the pattern`);
  }

  private alternationCost(node: Extract<RegexNode, { kind: "alternation" }>, follow: Follow): Cost {
    const costs = node.branches.map((b) => this.cost(b, follow));
    const shapes = node.branches.map((b) => this.shape(b));
    const nullable = shapes.filter((s) => s.nullable).length;
    let disjoint = true;
    let seen = EMPTY_SET;
    for (const s of shapes) {
      if (intersects(seen, s.first)) disjoint = false;
      seen = union(seen, s.first);
    }
    const cost: Cost = disjoint
      ? {
          t: shapes.reduce((acc, s) => acc + s.failCost, 0) + Math.max(...costs.map((c) => c.t)),
          e: Math.max(...costs.map((c) => c.e)) + nullable,
          all: Math.max(...costs.map((c) => c.all)) + nullable,
        }
      : {
          t: costs.reduce((acc, c) => acc + c.t, 0),
          e: costs.reduce((acc, c) => acc + c.e, 0),
          all: costs.reduce((acc, c) => acc + c.all, 0),
        };
    if (cost.t > MAX_BACKTRACKING_STEPS) throw new RegexUnsafeError(node.position, `${tooExpensive()}; use fewer or simpler alternatives`);
    return cost;
  }

  /**
   * Iteration by iteration: iterations before `min` must be followed by another iteration, later
   * ones may also be followed by what follows the repetition. `ways` counts the continuations
   * that reach the next iteration; while it stays 1 the iterations form a chain.
   */
  private repeatCost(node: Extract<RegexNode, { kind: "repeat" }>, follow: Follow): Cost {
    if (node.max === 0) return { t: 1, e: 1, all: 1 };
    const body = this.shape(node.body);
    const optional = this.cost(node.body, { chars: union(body.first, follow.chars), end: follow.end });
    const mandatory = node.min >= 2 ? this.cost(node.body, { chars: body.first, end: false }) : optional;
    const k = node.max ?? N + 1;
    let ways = 1;
    let t = 0;
    let all = node.min === 0 ? 1 : 0;
    for (let j = 1; j <= k; j++) {
      const c = j < node.min ? mandatory : optional;
      const stepT = c.t + mul(c.all, body.failCost);
      if (c === optional && optional.e <= 1) {
        const remaining = k - j + 1;
        t += mul(mul(ways, remaining), stepT);
        all += mul(mul(ways, remaining), c.all);
        break;
      }
      t += mul(ways, stepT);
      if (j >= node.min) all += mul(ways, c.all);
      if (t > MAX_BACKTRACKING_STEPS) break;
      ways = mul(ways, c.e);
    }
    if (t > MAX_BACKTRACKING_STEPS) throw this.repeatError(node, mandatory.e > 1 ? mandatory : optional);
    const chain = ways <= 1 && optional.e <= 1;
    // A chain ends once per iteration from `min` on; only one of those ends can be followed by a
    // character that cannot start another iteration.
    const e = chain ? (intersects(body.first, follow.chars) ? Math.max(1, Math.min(k, N + 1) - node.min + 1) : 1) : all;
    return { t, e, all };
  }

  private repeatError(node: Extract<RegexNode, { kind: "repeat" }>, body: Cost): RegexUnsafeError {
    const q = quantifierText(node);
    const at = node.position;
    if (body.e <= 1) return new RegexUnsafeError(at, `${tooExpensive()}; reduce the repetition ${q} or simplify what it repeats`);
    const growth = node.max === null ? "the work grows exponentially with the length of the value" : `the work multiplies with each of the ${node.max} repetitions`;
    const inner = unboundedRepeatIn(node.body);
    const why = inner
      ? `it repeats a part that itself contains the repetition at position ${inner.position}, and both can match the same characters`
      : this.hasOverlappingAlternatives(node.body)
        ? "the alternatives it repeats can start with the same character, so the same text can be split into repetitions in several ways"
        : "what it repeats can match the same text in more than one way (an optional or repeated piece)";
    const fix =
      node.max === null
        ? "rewrite it so that each character can belong to only one repetition, e.g. (a+)+ → a+, (.*)* → .*, (a|ab)* → (ab?)*, (a|a)* → a*"
        : "reduce the count, or make the repeated part match in one way only, e.g. (a.*){20} → (a[^a]*){20}";
    return new RegexUnsafeError(at, `the quantifier ${q} can backtrack catastrophically: ${why}, so ${growth} (${tooExpensive()}); ${fix}`);
  }

  private hasOverlappingAlternatives(node: RegexNode): boolean {
    switch (node.kind) {
      case "alternation": {
        let seen = EMPTY_SET;
        for (const b of node.branches) {
          const s = this.shape(b);
          if (intersects(seen, s.first) || s.nullable) return true;
          seen = union(seen, s.first);
        }
        return node.branches.some((b) => this.hasOverlappingAlternatives(b));
      }
      case "group":
        return this.hasOverlappingAlternatives(node.body);
      case "sequence":
        return node.items.some((i) => this.hasOverlappingAlternatives(i));
      case "repeat":
        return this.hasOverlappingAlternatives(node.body);
      case "char":
      case "dot":
      case "class":
        return false;
      default: {
        const impossible: never = node;
        throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
      }
    }
  }
}
