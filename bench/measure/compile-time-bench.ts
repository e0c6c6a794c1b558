/**
 * Compile time per predicate, in this process, with the service's functions: from the stored
 * protobuf predicate to the SQL of one IsMember (lowering + membership statement), then with
 * the lowered IR cached per segment version, then with the slotted plan cached per version
 * (src/compile/slotted-plan.ts: only the instant and the id are filled in per request). Loading referenced
 * segments is I/O and is left out, but lowering their stored predicates (the CPU part of
 * reference expansion) counts as uncached work.
 *
 * Every segment is run before any is timed: otherwise the first segments to reach a code path
 * (the first list, regex or `last N` window) pay for V8 compiling it, and that lands in their p99
 * although a running service has long compiled it. Garbage collection stays in: a pause is paid
 * by the request whose allocation triggers it.
 */
import { compileSlottedMembershipPlan } from "../../src/compile/compile-members-query.js";
import { fillSlots } from "../../src/compile/slotted-plan.js";
import type { FieldCatalog } from "../../src/catalog/field-catalog.js";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";
import type { BenchContext } from "../bench-context.js";
import type { CompiledSegment } from "../workload/compiled.js";
import { summarize, type Summary } from "./percentiles.js";

/** Compile-time percentiles of one segment, microseconds. */
export interface CompileTimeRow {
  readonly name: string;
  /** lowerPredicate (of the segment and of every segment it references) + compileSlottedMembershipPlan + fillSlots: nothing cached. */
  readonly uncachedUs: Summary;
  /** compileSlottedMembershipPlan + fillSlots: the lowered IR cached per version. */
  readonly irCachedUs: Summary;
  /** fillSlots only: the slotted plan cached per version. */
  readonly templateCachedUs: Summary;
}

/** Every segment, and the percentiles over all of them together. */
export interface CompileTimeResult {
  readonly iterations: number;
  readonly rows: readonly CompileTimeRow[];
  readonly all: { readonly uncachedUs: Summary; readonly irCachedUs: Summary; readonly templateCachedUs: Summary };
}

function warmupRounds(iterations: number): number {
  return Math.max(50, iterations / 10);
}

function time(iterations: number, work: (i: number) => unknown): number[] {
  const warmup = warmupRounds(iterations);
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
  return measureCompileTimes(
    ctx.segments.map((s) => s.compiled),
    catalog,
    { iterations: ctx.scale.compileIterations, instantMs: ctx.instantMs, customers: ctx.customers },
  );
}

/** What a compile-time run needs besides the segments; no database (bench/compile-times.ts runs it alone). */
export interface CompileTimeSetup {
  readonly iterations: number;
  /** The evaluation instant filled into every statement. */
  readonly instantMs: number;
  /** Customer ids cycle through 1..customers. */
  readonly customers: number;
}

/** Measures every segment `setup.iterations` times per variant. */
export function measureCompileTimes(segments: readonly CompiledSegment[], catalog: FieldCatalog, setup: CompileTimeSetup): CompileTimeResult {
  const n = setup.iterations;
  const options = { dialect: "mariadb" as const };
  const all = { uncached: [] as number[], ir: [] as number[], template: [] as number[] };
  const customer = (i: number): number => 1 + (i % setup.customers);
  const uncachedWork = (segment: CompiledSegment) => (i: number) => {
    lowerPredicate(segment.message, "predicate", catalog);
    for (const referenced of segment.referenced) lowerPredicate(referenced, "predicate", catalog);
    return fillSlots(compileSlottedMembershipPlan(segment.expanded, 1, options), setup.instantMs, [customer(i)]);
  };
  for (const segment of segments) {
    const work = uncachedWork(segment);
    for (let i = 0; i < warmupRounds(n); i++) work(i);
  }
  const rows = segments.map((segment): CompileTimeRow => {
    const { expanded } = segment;
    const uncached = time(n, uncachedWork(segment));
    const ir = time(n, (i) => fillSlots(compileSlottedMembershipPlan(expanded, 1, options), setup.instantMs, [customer(i)]));
    const template = compileSlottedMembershipPlan(expanded, 1, options);
    const cached = time(n, (i) => fillSlots(template, setup.instantMs, [customer(i)]));
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
