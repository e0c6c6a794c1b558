/** The targets of the benchmark issue, checked against a run's measures. */
import type { CompileTimeResult } from "../measure/compile-time-bench.js";
import type { ExportRssResult } from "../measure/export-rss-bench.js";
import type { IsMemberResult } from "../measure/is-member-bench.js";
import type { ListMembersResult } from "../measure/list-members-bench.js";
import type { QueryTimeResult } from "../measure/query-time-bench.js";

/** One target and how the run fared. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** What the targets are checked on. */
export interface TargetInputs {
  readonly isMember: IsMemberResult;
  readonly listMembers: ListMembersResult;
  readonly queryTimes: QueryTimeResult;
  readonly compileTimes: CompileTimeResult;
  readonly exportRss: ExportRssResult;
}

const fixed = (x: number, digits = 2): string => x.toFixed(digits);

/** Checks every target (IsMember on the mixed workload, the realistic one). */
export function checkTargets(m: TargetInputs): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of m.isMember.measures.filter((r) => r.workload === "mix")) {
    checks.push({
      target: `IsMember throughput ≥ 0.6× raw (concurrency ${row.concurrency})`,
      measured: `${fixed(row.throughputRatio)}× (${fixed(row.service.throughput, 0)} vs ${fixed(row.raw.throughput, 0)} req/s)`,
      met: row.throughputRatio >= 0.6,
    });
    checks.push({
      target: `IsMember p99 ≤ 1.5× raw p99 (concurrency ${row.concurrency})`,
      measured: `${fixed(row.p99Ratio)}× (${fixed(row.service.latencyUs.p99 / 1000)} vs ${fixed(row.raw.latencyUs.p99 / 1000)} ms)`,
      met: row.p99Ratio <= 1.5,
    });
  }
  const defaultBatch = m.listMembers.service[0];
  checks.push({
    target: "ListMembers ≥ 0.8× raw ids/s",
    measured: `${fixed(m.listMembers.ratio)}× (${fixed((defaultBatch?.idsPerSecond ?? 0) / 1e6)}M vs ${fixed(m.listMembers.raw.idsPerSecond / 1e6)}M ids/s, batch ${defaultBatch?.batchSize})`,
    met: m.listMembers.ratio >= 0.8,
  });
  checks.push({
    target: "Compiled vs hand-written ≤ 1.2× geometric mean",
    measured: `${fixed(m.queryTimes.geometricMeanRatio)}×`,
    met: m.queryTimes.geometricMeanRatio <= 1.2,
  });
  checks.push({
    target: "No compiled query worse than 2× its twin",
    measured: `worst ${fixed(m.queryTimes.worst.ratio)}× (${m.queryTimes.worst.name})`,
    met: m.queryTimes.worst.ratio <= 2,
  });
  const worstCompile = m.compileTimes.rows.reduce((a, b) => (b.uncachedUs.p99 > a.uncachedUs.p99 ? b : a));
  checks.push({
    target: "Compile ≤ 50 µs p99 (every predicate, nothing cached)",
    measured: `worst p99 ${fixed(worstCompile.uncachedUs.p99, 1)} µs (${worstCompile.name}); all predicates p99 ${fixed(m.compileTimes.all.uncachedUs.p99, 1)} µs`,
    met: worstCompile.uncachedUs.p99 <= 50,
  });
  const worstCached = m.compileTimes.rows.reduce((a, b) => (b.templateCachedUs.p99 > a.templateCachedUs.p99 ? b : a));
  checks.push({
    target: "Compile ≤ 50 µs p99 per request with the statement cached per segment version",
    measured: `worst p99 ${fixed(worstCached.templateCachedUs.p99, 1)} µs (${worstCached.name})`,
    met: worstCached.templateCachedUs.p99 <= 50,
  });
  checks.push({
    target: "Server RSS growth ≤ 64 MB during a slow export",
    measured: `${fixed(m.exportRss.growthBytes / 1024 / 1024, 1)} MiB`,
    met: m.exportRss.growthBytes <= 64 * 1024 * 1024,
  });
  return checks;
}
