/**
 * Sets of code points as sorted, disjoint, non-adjacent inclusive ranges: what a regex atom can
 * match, so the safety analysis (src/regex/regex-safety.ts) can ask whether two parts of a
 * pattern can match the same character.
 */
import type { ClassItem } from "./regex-ast.js";

/** Sorted disjoint ranges `[from, to]`. */
export type CharSet = ReadonlyArray<readonly [number, number]>;

const MAX_CODE_POINT = 0x10ffff;

/** The empty set. */
export const EMPTY_SET: CharSet = [];

/** Every code point. */
const ALL: CharSet = [[0, MAX_CODE_POINT]];

/** `[from, to]` ranges (any order, overlapping allowed) as a normalized set. */
export function charSetOf(ranges: ReadonlyArray<readonly [number, number]>): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** Union of two sets. */
export function union(a: CharSet, b: CharSet): CharSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return charSetOf([...a, ...b]);
}

/** The code points not in `a`. */
export function complement(a: CharSet): CharSet {
  const out: Array<[number, number]> = [];
  let next = 0;
  for (const [from, to] of a) {
    if (from > next) out.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/** Whether the two sets share a code point. */
export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x[1] < y[0]) i++;
    else if (y[1] < x[0]) j++;
    else return true;
  }
  return false;
}

function contains(a: CharSet, cp: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = a[mid]!;
    if (cp < from) hi = mid - 1;
    else if (cp > to) lo = mid + 1;
    else return true;
  }
  return false;
}

const SHORTHAND_SETS: Readonly<Record<"d" | "w" | "s", CharSet>> = {
  d: [[0x30, 0x39]],
  w: charSetOf([
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ]),
  s: charSetOf([
    [0x09, 0x0d],
    [0x20, 0x20],
  ]),
};

/**
 * A superset of what a bracket class (or a shorthand outside brackets) matches, per
 * docs/semantics.md §5. Ignoring case, a positive class gains the case partners of its members
 * (see {@link caseFold}); a negated class loses only the ASCII case partners of its members,
 * which every engine folds alike, so the result stays a superset whatever else an engine folds.
 */
export function classSet(negated: boolean, items: readonly ClassItem[], caseInsensitive = false): CharSet {
  const ranges: Array<readonly [number, number]> = [];
  for (const item of items) {
    if (item.kind === "range") ranges.push([item.from, item.to]);
    else ranges.push(...(item.negated ? complement(SHORTHAND_SETS[item.name]) : SHORTHAND_SETS[item.name]));
  }
  const set = charSetOf(ranges);
  if (!caseInsensitive) return negated ? complement(set) : set;
  return negated ? complement(asciiCaseFold(set)) : caseFold(set);
}

/** `a` with the other ASCII case of its ASCII letters. */
function asciiCaseFold(a: CharSet): CharSet {
  const added: Array<readonly [number, number]> = [];
  for (let cp = 0x41; cp <= 0x5a; cp++) {
    if (contains(a, cp)) added.push([cp + 0x20, cp + 0x20]);
    if (contains(a, cp + 0x20)) added.push([cp, cp]);
  }
  return added.length === 0 ? a : union(a, charSetOf(added));
}

/** `.`: every code point but the line feed. */
export const DOT_SET: CharSet = complement([[0x0a, 0x0a]]);

/** Whether `a` is every code point. */
export function isAll(a: CharSet): boolean {
  return a.length === 1 && a[0]![0] === ALL[0]![0] && a[0]![1] === ALL[0]![1];
}

/** Code points with case partners, each with all its partners; built once, on first use. */
let foldPartners: ReadonlyArray<readonly [number, readonly number[]]> | undefined;

/**
 * Case partners by the JavaScript Unicode case mappings (upper, lower and their round trips,
 * closed transitively): `k` ↔ `K` ↔ `K` (Kelvin sign), `s` ↔ `S` ↔ `ſ`. PCRE2 and ICU fold by
 * the Unicode tables too; the analysis only needs an over-approximation, so partners found by
 * either mapping are all kept.
 */
function partners(): ReadonlyArray<readonly [number, readonly number[]]> {
  if (foldPartners) return foldPartners;
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const join = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const single = (s: string): number | undefined => {
    const cps = Array.from(s);
    return cps.length === 1 ? cps[0]!.codePointAt(0) : undefined;
  };
  for (let cp = 0; cp <= 0x1ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    for (const mapped of [s.toUpperCase(), s.toLowerCase(), s.toUpperCase().toLowerCase(), s.toLowerCase().toUpperCase()]) {
      const m = single(mapped);
      if (m !== undefined && m !== cp) join(cp, m);
    }
  }
  const classes = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    const members = classes.get(root) ?? [];
    members.push(cp);
    classes.set(root, members);
  }
  const out: Array<readonly [number, readonly number[]]> = [];
  for (const members of classes.values()) {
    if (members.length < 2) continue;
    for (const cp of members) out.push([cp, members.filter((m) => m !== cp)]);
  }
  foldPartners = out.sort((a, b) => a[0] - b[0]);
  return foldPartners;
}

/** `a` with the case partners of its members added (for case-insensitive matching). */
export function caseFold(a: CharSet): CharSet {
  const added: Array<readonly [number, number]> = [];
  for (const [cp, others] of partners()) {
    if (!contains(a, cp)) continue;
    for (const other of others) if (!contains(a, other)) added.push([other, other]);
  }
  return added.length === 0 ? a : union(a, charSetOf(added));
}
