/**
 * fast-check arbitraries of random valid IR predicates over a dataset's universe: every node
 * kind; conditions with every operator on every field type, custom fields included; relations
 * in every scope with every quantifier, aggregate and window; segment nodes with an inlined
 * body. Most predicates are small (a few nodes); a few are deep chains near the nesting limit
 * of docs/semantics.md §9 (32 levels, segment references 16 deep).
 */
import fc from "fast-check";
import type { Expr, Quantifier, RelationScope, Window } from "../../src/ir/nodes.js";
import { RELATION_SCOPES } from "../../src/catalog/builtin-fields.js";
import { DEFAULT_ANCHORS_MS } from "../../src/datagen/generate-dataset.js";
import { and, cond, not, or, relation, segment, withPaths } from "../reference/build-ir.js";
import { aggregateTest, countTest, timeBound, valueTestFor } from "./operand-arbitraries.js";
import { patternArbitrary } from "./regex-arbitrary.js";
import type { PredicateUniverse } from "./predicate-universe.js";

/** Nesting limit of and/or/not/relation levels (docs §9). */
export const MAX_NESTING = 32;
/** Expanded segment reference depth limit (docs §9). */
export const MAX_SEGMENT_DEPTH = 16;

/** Shape knobs. */
export interface PredicateArbitraryOptions {
  /** Most levels of the ordinary (non-chain) predicates. Default 4. */
  readonly maxDepth?: number;
}

/** The arbitraries of one universe. */
export interface PredicateArbitraries {
  /** A customer-level predicate with paths filled in. */
  readonly predicate: fc.Arbitrary<Expr>;
  /** An evaluation instant: mostly the anchors the data is aligned to. */
  readonly instant: fc.Arbitrary<number>;
}

/** Builds the arbitraries for a universe. */
export function predicateArbitraries(universe: PredicateUniverse, options: PredicateArbitraryOptions = {}): PredicateArbitraries {
  const maxDepth = options.maxDepth ?? 4;

  const condition = fc.oneof(...universe.customerFields.map((f) => valueTestFor(f, universe).map((test) => cond(f, test))));
  const rowCondition = new Map<RelationScope, fc.Arbitrary<Expr>>(
    RELATION_SCOPES.map((scope) => [scope, fc.oneof(...universe.scopeFields[scope].map((f) => valueTestFor(f, universe).map((test) => cond(f, test))))]),
  );

  const rowExprMemo = new Map<string, fc.Arbitrary<Expr>>();
  const rowExpr = (scope: RelationScope, depth: number): fc.Arbitrary<Expr> => {
    const key = `${scope}/${depth}`;
    const hit = rowExprMemo.get(key);
    if (hit) return hit;
    const leaf = rowCondition.get(scope) as fc.Arbitrary<Expr>;
    const arb =
      depth <= 0
        ? leaf
        : fc.oneof(
            { weight: 5, arbitrary: leaf },
            { weight: 1, arbitrary: fc.array(rowExpr(scope, depth - 1), { minLength: 1, maxLength: 3 }).map((items) => and(...items)) },
            { weight: 1, arbitrary: fc.array(rowExpr(scope, depth - 1), { minLength: 1, maxLength: 3 }).map((items) => or(...items)) },
            { weight: 1, arbitrary: rowExpr(scope, depth - 1).map(not) },
          );
    rowExprMemo.set(key, arb);
    return arb;
  };

  const window = (scope: RelationScope): fc.Arbitrary<Window | null> => {
    const bound = timeBound(universe.naturalTimes(scope));
    const period = fc
      .tuple(fc.option(bound, { freq: 3 }), fc.option(bound, { freq: 3 }))
      .filter(([from, to]) => from !== null || to !== null)
      .map(([from, to]): Window => {
        // Two absolute bounds come ordered; other mixes may give an empty window, which is valid.
        if (from?.kind === "timestamp" && to?.kind === "timestamp" && from.epochMs > to.epochMs) return { kind: "period", from: to, to: from };
        return { kind: "period", from, to };
      });
    const last = fc
      .oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: fc.constantFrom(1000, 20) })
      .map((n): Window => ({ kind: "last", n }));
    return fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: last }, { weight: 2, arbitrary: period });
  };

  const quantifier = (scope: RelationScope): fc.Arbitrary<Quantifier> => {
    const aggregatable = universe.scopeFields[scope].filter((f) => f.aggregatable);
    const simple = fc.constantFrom<Quantifier>({ kind: "any" }, { kind: "all" }, { kind: "none" });
    const counted = countTest.map((test): Quantifier => ({ kind: "count", test }));
    const aggregates = aggregatable.flatMap((f) =>
      (["sum", "min", "max", "avg"] as const).map((kind) =>
        aggregateTest(universe.aggregatePool(scope, f.column), kind === "avg" ? universe.meanPool(scope, f.column) : null).map((test): Quantifier => ({ kind, field: f, test })),
      ),
    );
    // Verifications have no aggregatable field.
    if (aggregates.length === 0) return fc.oneof({ weight: 6, arbitrary: simple }, { weight: 3, arbitrary: counted });
    return fc.oneof({ weight: 5, arbitrary: simple }, { weight: 2, arbitrary: counted }, { weight: 4, arbitrary: fc.oneof(...aggregates) });
  };

  const relationOf = (whereDepth: number): fc.Arbitrary<Expr> =>
    fc.oneof(
      ...RELATION_SCOPES.map((scope) =>
        fc
          .tuple(quantifier(scope), fc.option(rowExpr(scope, whereDepth), { freq: 3 }), window(scope))
          .map(([q, where, w]) => relation(scope, q, where, w)),
      ),
    );

  const segmentOf = (body: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
    fc.tuple(body, fc.nat({ max: 99 })).map(([b, n]) => segment(`seg_${n}`, b));

  const memo = new Map<number, fc.Arbitrary<Expr>>();
  const customerExpr = (depth: number): fc.Arbitrary<Expr> => {
    const hit = memo.get(depth);
    if (hit) return hit;
    const leaves = [
      { weight: 6, arbitrary: condition },
      { weight: 4, arbitrary: relationOf(Math.min(2, Math.max(0, depth - 1))) },
    ];
    const arb =
      depth <= 0
        ? fc.oneof(...leaves)
        : fc.oneof(
            ...leaves,
            { weight: 2, arbitrary: fc.array(customerExpr(depth - 1), { minLength: 1, maxLength: 4 }).map((items) => and(...items)) },
            { weight: 2, arbitrary: fc.array(customerExpr(depth - 1), { minLength: 1, maxLength: 4 }).map((items) => or(...items)) },
            { weight: 2, arbitrary: customerExpr(depth - 1).map(not) },
            { weight: 1, arbitrary: segmentOf(customerExpr(depth - 1)) },
          );
    memo.set(depth, arb);
    return arb;
  };

  /** A chain of and/or/not levels (each with small siblings) down to one small predicate. */
  const nestingChain = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom("and", "or", "not"), fc.array(condition, { maxLength: 2 })), { minLength: 16, maxLength: MAX_NESTING - 4 }),
      customerExpr(1),
    )
    .map(([levels, innermost]) =>
      levels.reduceRight<Expr>((inner, [kind, siblings]) => (kind === "not" ? not(inner) : kind === "and" ? and(inner, ...siblings) : or(...siblings, inner)), innermost),
    );

  /** Segments referencing segments, up to the reference depth limit. */
  const segmentChain = fc
    .tuple(fc.integer({ min: 2, max: MAX_SEGMENT_DEPTH }), customerExpr(1), fc.array(condition, { minLength: MAX_SEGMENT_DEPTH, maxLength: MAX_SEGMENT_DEPTH }), fc.nat())
    .map(([depth, innermost, extras, flips]) => {
      let expr = innermost;
      for (let i = 0; i < depth; i++) {
        const extra = extras[i] as Expr;
        const body = (flips >> i) % 3 === 0 ? or(expr, extra) : (flips >> i) % 3 === 1 ? not(expr) : expr;
        expr = segment(`seg_chain_${i}`, body);
      }
      return expr;
    });

  /** Aggregates mostly over whole relations, where per-customer aggregates and means hit exactly. */
  const focusedAggregate = fc.oneof(
    ...RELATION_SCOPES.filter((scope) => universe.scopeFields[scope].some((f) => f.aggregatable)).map((scope) =>
      fc
        .tuple(quantifier(scope), fc.option(rowExpr(scope, 1), { freq: 4 }), fc.option(window(scope), { freq: 2 }))
        .filter(([q]) => "field" in q)
        .map(([q, where, w]) => relation(scope, q, where, w ?? null)),
    ),
  );

  /**
   * `avg` compared with a customer's own mean (all rows, or the latest 2 or 3), truncated to 10
   * digits or one step off: catches means computed with limited decimal precision.
   */
  const meanBoundary = fc.oneof(
    ...RELATION_SCOPES.flatMap((scope) =>
      universe.scopeFields[scope]
        .filter((f) => f.aggregatable && universe.meanPool(scope, f.column).length > 0)
        .map((f) =>
          fc
            .tuple(
              fc.constantFrom("eq", "neq", "gt", "gte", "lt", "lte" as const),
              fc.constantFrom(...universe.meanPool(scope, f.column)),
              fc.constantFrom<Window | null>(null, null, { kind: "last", n: 2 }, { kind: "last", n: 3 }),
            )
            .map(([op, value, w]) => relation(scope, { kind: "avg", field: f, test: { op, value: { kind: "decimal", value } } }, null, w)),
        ),
    ),
  );

  /** A wide and/or near the node limit of docs §9 (2,000 nodes). */
  const wide = fc
    .tuple(fc.boolean(), fc.array(fc.oneof({ weight: 4, arbitrary: condition }, { weight: 1, arbitrary: relationOf(0) }), { minLength: 300, maxLength: 990 }))
    .map(([isAnd, items]) => (isAnd ? and(...items) : or(...items)));

  /** `matches` on every string field, alone or negated: regex engines differ most at the edges. */
  const stringFields = universe.customerFields.filter((f) => f.type === "string");
  const focusedMatches = fc
    .tuple(
      fc.oneof(
        ...stringFields.map((f) =>
          fc
            .tuple(patternArbitrary(universe.pool(f).strings), fc.boolean())
            .map(([regex, caseInsensitive]) => cond(f, { op: "matches", regex, caseInsensitive })),
        ),
      ),
      fc.boolean(),
    )
    .map(([c, negate]) => (negate ? not(c) : c));

  const predicate = fc
    .oneof(
      { weight: 3, arbitrary: focusedMatches },
      { weight: 1, arbitrary: wide },
      { weight: 40, arbitrary: customerExpr(maxDepth) },
      { weight: 4, arbitrary: focusedAggregate },
      { weight: 2, arbitrary: meanBoundary },
      { weight: 1, arbitrary: nestingChain },
      { weight: 1, arbitrary: segmentChain },
    )
    .map((e) => withPaths(e));

  const anchors = DEFAULT_ANCHORS_MS;
  const instant = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...anchors) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...anchors), fc.constantFrom(-1, 1, -1000, 1000, 86_400_000)).map(([a, d]) => a + d) },
    { weight: 1, arbitrary: fc.constantFrom(Date.UTC(2025, 5, 30), Date.UTC(2024, 11, 31, 23, 59, 59, 999), Date.UTC(2023, 1, 28, 10, 15)) },
  );
  return { predicate, instant };
}

/** Nesting depth in and/or/not/relation levels, segment bodies included. */
export function nestingDepth(expr: Expr): number {
  switch (expr.kind) {
    case "and":
    case "or":
      return 1 + Math.max(...expr.items.map(nestingDepth));
    case "not":
      return 1 + nestingDepth(expr.item);
    case "condition":
      return 0;
    case "relation":
      return 1 + (expr.where ? nestingDepth(expr.where) : 0);
    case "segment":
      return expr.body ? nestingDepth(expr.body) : 0;
    default: {
      const impossible: never = expr;
      throw new Error(`unknown node ${JSON.stringify(impossible)}`);
    }
  }
}

/** Number of nodes, segment bodies included. */
export function nodeCount(expr: Expr): number {
  switch (expr.kind) {
    case "and":
    case "or":
      return 1 + expr.items.reduce((n, item) => n + nodeCount(item), 0);
    case "not":
      return 1 + nodeCount(expr.item);
    case "condition":
      return 1;
    case "relation":
      return 1 + (expr.where ? nodeCount(expr.where) : 0);
    case "segment":
      return 1 + (expr.body ? nodeCount(expr.body) : 0);
    default: {
      const impossible: never = expr;
      throw new Error(`unknown node ${JSON.stringify(impossible)}`);
    }
  }
}
