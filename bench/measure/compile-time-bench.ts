/**
 * Compile time per predicate, in this process, with the service's functions: from the stored
 * protobuf predicate to the SQL of one IsMember (lowering + membership statement), then with
 * the lowered IR cached per segment version, then with the compiled statement template cached
 * per version (only the instant and the id are filled in per request). Reference expansion is
 * I/O and is left out: the expanded IR is prepared once.
 */
import { compileMembershipTemplate } from "../../src/compile/compile-members-query.js";
import { instantiate } from "../../src/compile/plan-template.js";
import type { FieldCatalog } from "../../src/catalog/field-catalog.js";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";
import type { BenchContext } from "../bench-context.js";
import { summarize, type Summary } from "./percentiles.js";

/** Compile-time percentiles of one segment, microseconds. */
export interface CompileTimeRow {
  readonly name: string;
  /** lowerPredicate + compileMembershipTemplate + instantiate: nothing cached. */
  readonly uncachedUs: Summary;
  /** compileMembershipTemplate + instantiate: the lowered IR cached per version. */
  readonly irCachedUs: Summary;
  /** instantiate only: the statement template cached per version. */
  readonly templateCachedUs: Summary;
}

/** Every segment, and the percentiles over all of them together. */
export interface CompileTimeResult {
  readonly iterations: number;
  readonly rows: readonly CompileTimeRow[];
  readonly all: { readonly uncachedUs: Summary; readonly irCachedUs: Summary; readonly templateCachedUs: Summary };
}

function time(iterations: number, work: (i: number) => unknown): number[] {
  const warmup = Math.max(50, iterations / 10);
  for (let i = 0; i < warmup; i++) work(i);
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    work(i);
    out.push((performance.now() - t0) * 1000);
  }
  return out;
}

/** Measures every segment `ctx.scale.compileIterations` times per variant. */
export function benchCompileTimes(ctx: BenchContext, catalog: FieldCatalog): CompileTimeResult {
  const n = ctx.scale.compileIterations;
  const options = { dialect: "mariadb" as const };
  const all = { uncached: [] as number[], ir: [] as number[], template: [] as number[] };
  const rows = ctx.segments.map((segment): CompileTimeRow => {
    const customer = (i: number): number => 1 + (i % ctx.customers);
    const { message, expanded } = segment.compiled;
    const uncached = time(n, (i) => {
      lowerPredicate(message, "predicate", catalog);
      return instantiate(compileMembershipTemplate(expanded, 1, options), ctx.instantMs, [customer(i)]);
    });
    const ir = time(n, (i) => instantiate(compileMembershipTemplate(expanded, 1, options), ctx.instantMs, [customer(i)]));
    const template = compileMembershipTemplate(expanded, 1, options);
    const cached = time(n, (i) => instantiate(template, ctx.instantMs, [customer(i)]));
    all.uncached.push(...uncached);
    all.ir.push(...ir);
    all.template.push(...cached);
    return { name: segment.name, uncachedUs: summarize(uncached), irCachedUs: summarize(ir), templateCachedUs: summarize(cached) };
  });
  return {
    iterations: n,
    rows,
    all: { uncachedUs: summarize(all.uncached), irCachedUs: summarize(all.ir), templateCachedUs: summarize(all.template) },
  };
}
