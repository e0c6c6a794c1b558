/**
 * The predicate IR: readonly discriminated unions produced by lowering (proto → IR) and
 * consumed by the SQL compiler and the reference evaluator. Every node keeps the path of the
 * proto node it came from, so later stages can point errors and cost warnings at it.
 *
 * The IR is independent of the evaluation instant: relative times stay relative here and are
 * resolved by each consumer against one instant passed in from outside.
 */
import type { ColumnField, FieldDef } from "./field-types.js";

/** Path of a proto node, e.g. `predicate.and[2].condition.value`. */
export type NodePath = string;

/** Units of a relative time. */
export type TimeUnit = "second" | "minute" | "hour" | "day" | "week" | "month" | "year";

/** A typed operand after validation against the field type. */
export type Scalar =
  | { readonly kind: "string"; readonly value: string }
  /** Integers and money minor units; always a safe integer. */
  | { readonly kind: "number"; readonly value: number }
  /** Canonical exact decimal text (`-12.5`, `3`), only where fractions are meaningful (avg). */
  | { readonly kind: "decimal"; readonly value: string }
  | { readonly kind: "bool"; readonly value: boolean }
  /** Absolute UTC instant, epoch milliseconds. */
  | { readonly kind: "timestamp"; readonly epochMs: number }
  /** Offset from the evaluation instant. */
  | { readonly kind: "relative_time"; readonly amount: number; readonly unit: TimeUnit };

/** A time bound of a period window: absolute or relative to the evaluation instant. */
export type TimeBound = Extract<Scalar, { kind: "timestamp" } | { kind: "relative_time" }>;

/** Comparison operators taking one value. */
export type CompareOp = "eq" | "neq" | "gt" | "gte" | "lt" | "lte";

/** A test on a single (possibly missing) value: the condition operators without field. */
export type ValueTest =
  | { readonly op: CompareOp; readonly value: Scalar }
  | { readonly op: "in" | "not_in"; readonly values: readonly Scalar[] }
  | { readonly op: "between"; readonly lower: Scalar; readonly upper: Scalar }
  | { readonly op: "exists" | "not_exists" }
  /** `regex` is the normalized portable pattern (see src/regex), unanchored text; anchoring is the consumer's job. */
  | { readonly op: "matches"; readonly regex: string; readonly caseInsensitive: boolean };

/** A test on a count or aggregate, which is never "missing" except for empty min/max/avg. */
export type NumberTest = Extract<ValueTest, { op: CompareOp | "in" | "not_in" | "between" }>;

/** A relation scope: one-to-many objects of a customer. */
export type RelationScope = "subscriptions" | "invoices" | "wallets" | "verifications";

/** Every scope, customer included. */
export type ScopeName = "customer" | RelationScope;

/** Restriction of the related rows considered. */
export type Window =
  /** The last `n` rows by the scope's natural time column, descending, ties broken by higher id. */
  | { readonly kind: "last"; readonly n: number }
  /** Rows whose natural time t satisfies from <= t < to; a null bound is unbounded. */
  | { readonly kind: "period"; readonly from: TimeBound | null; readonly to: TimeBound | null };

/** How related rows combine into a truth value. */
export type Quantifier =
  | { readonly kind: "any" }
  | { readonly kind: "all" }
  | { readonly kind: "none" }
  | { readonly kind: "count"; readonly test: NumberTest }
  | {
      readonly kind: "sum" | "min" | "max" | "avg";
      readonly field: ColumnField;
      readonly test: NumberTest;
    };

/** A predicate node. */
export type Expr =
  | { readonly kind: "and"; readonly path: NodePath; readonly items: readonly Expr[] }
  | { readonly kind: "or"; readonly path: NodePath; readonly items: readonly Expr[] }
  | { readonly kind: "not"; readonly path: NodePath; readonly item: Expr }
  | {
      readonly kind: "condition";
      readonly path: NodePath;
      readonly field: FieldDef;
      readonly test: ValueTest;
    }
  | {
      readonly kind: "relation";
      readonly path: NodePath;
      readonly scope: RelationScope;
      readonly quantifier: Quantifier;
      /** Condition on each related row (its conditions use fields of `scope`); null = every row. */
      readonly where: Expr | null;
      readonly window: Window | null;
    }
  | {
      readonly kind: "segment";
      readonly path: NodePath;
      readonly segmentId: string;
      /**
       * The referenced segment's predicate, filled by reference expansion (I/O) before
       * compiling or evaluating; null straight out of lowering.
       */
      readonly body: Expr | null;
      /** Version of the referenced segment that `body` was taken from; 0 while unexpanded. */
      readonly version: number;
    };

/** Kinds of Expr, for handler tables keyed by kind. */
export type ExprKind = Expr["kind"];
