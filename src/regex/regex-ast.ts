/**
 * Syntax tree of the portable regex subset (docs/semantics.md §5). Positions are 0-based
 * code point offsets into the pattern as the user wrote it, so errors found after parsing can
 * still point at the source.
 */

/** A shorthand class: `\d \w \s`, or its negation `\D \W \S`. */
export interface Shorthand {
  readonly kind: "shorthand";
  readonly name: "d" | "w" | "s";
  readonly negated: boolean;
}

/** An inclusive code point range inside a class; a single character has `from === to`. */
export interface CodePointRange {
  readonly kind: "range";
  readonly from: number;
  readonly to: number;
}

/** A member of a bracket class. */
export type ClassItem = Shorthand | CodePointRange;

/** A regex node. */
export type RegexNode =
  | { readonly kind: "alternation"; readonly position: number; readonly branches: readonly RegexNode[] }
  | { readonly kind: "sequence"; readonly position: number; readonly items: readonly RegexNode[] }
  /** `( … )` or `(?: … )`; captures are meaningless without backreferences. */
  | { readonly kind: "group"; readonly position: number; readonly body: RegexNode }
  | {
      readonly kind: "repeat";
      readonly position: number;
      readonly body: RegexNode;
      readonly min: number;
      /** null = unbounded. */
      readonly max: number | null;
      readonly lazy: boolean;
    }
  | { readonly kind: "char"; readonly position: number; readonly codePoint: number }
  /** `.`: any character except a line feed. */
  | { readonly kind: "dot"; readonly position: number }
  /** A bracket class, or a shorthand used outside brackets (one item, not negated). */
  | { readonly kind: "class"; readonly position: number; readonly negated: boolean; readonly items: readonly ClassItem[] };
