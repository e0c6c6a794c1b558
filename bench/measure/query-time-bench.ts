/**
 * Execution time of each segment's compiled member query (the SQL the service runs for
 * ListMembers, compiled in this process by the service's own functions) against its
 * hand-written twin, on one connection with the service's session settings. Runs alternate;
 * the median of each side is kept. Both must return the same ids. Also the database CPU of one
 * membership statement (what IsMember runs) compiled vs hand-written.
 */
import type { PoolConnection } from "mysql2/promise";
import { compileMembersQuery, compileSlottedMembershipPlan } from "../../src/compile/compile-members-query.js";
import { fillSlots } from "../../src/compile/slotted-plan.js";
import { BENCH_ACCOUNTS, accountUsage, type AccountUsage } from "../service/database-users.js";
import type { BenchContext } from "../bench-context.js";
import { assertSameIds } from "./equivalence.js";
import { geometricMean, median } from "./percentiles.js";

/** One segment's two queries. */
export interface QueryTimeRow {
  readonly name: string;
  readonly members: number;
  readonly runs: number;
  readonly handMs: number;
  readonly compiledMs: number;
  /** compiled / hand-written. */
  readonly ratio: number;
  /** Database CPU µs of one membership statement (IsMember's), hand-written point query and compiled. */
  readonly pointHandDbUs: number;
  readonly pointCompiledDbUs: number;
}

/** Every segment, with the summary the target is stated on. */
export interface QueryTimeResult {
  readonly rows: readonly QueryTimeRow[];
  readonly geometricMeanRatio: number;
  readonly worst: { readonly name: string; readonly ratio: number };
}

/** Membership statements per side and segment for the database CPU of one point query. */
const POINT_STATEMENTS = 300;

/**
 * Database CPU µs per statement of `statement(customerId)` over seeded customers, read from the
 * raw account's userstat (the pool runs as that account).
 */
async function pointCpuUs(ctx: BenchContext, conn: PoolConnection, statement: (customerId: number) => { sql: string; values: unknown[] }): Promise<number> {
  const usage = (): Promise<AccountUsage> => accountUsage((sql, values) => ctx.admin.query(sql, values), BENCH_ACCOUNTS.raw);
  const before = await usage();
  for (let i = 0; i < POINT_STATEMENTS; i++) {
    const { sql, values } = statement(1 + ((i * 7919) % ctx.customers));
    await conn.query(sql, values);
  }
  const after = await usage();
  return ((after.cpuSeconds - before.cpuSeconds) * 1e6) / POINT_STATEMENTS;
}

/** Fast queries are repeated until each side has run this long (or MAX_RUNS), to tame noise. */
const MIN_SIDE_MS = 300;
const MAX_RUNS = 50;

async function run(conn: PoolConnection, sql: string, values: unknown[]): Promise<{ ms: number; ids: number[] }> {
  const t0 = performance.now();
  const [rows] = (await conn.query({ sql, values, rowsAsArray: true })) as unknown as [unknown[][]];
  const ms = performance.now() - t0;
  return { ms, ids: rows.map((r) => Number(r[0])) };
}

/** Times every segment. */
export async function benchQueryTimes(ctx: BenchContext): Promise<QueryTimeResult> {
  const conn = await ctx.pool.getConnection();
  const rows: QueryTimeRow[] = [];
  try {
    for (const segment of ctx.segments) {
      const plan = compileMembersQuery(segment.compiled.expanded, { instantMs: ctx.instantMs, dialect: "mariadb" });
      const compiled = { sql: plan.sql, values: [...plan.bindings] };
      const hand = segment.hand.members;
      // Unmeasured first runs warm both plans' pages; they also prove the results equal.
      const [h0, c0] = [await run(conn, hand.sql, hand.values), await run(conn, compiled.sql, compiled.values)];
      assertSameIds(`compiled query of ${segment.name}`, h0.ids, c0.ids);
      const handTimes: number[] = [];
      const compiledTimes: number[] = [];
      const total = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
      while (
        handTimes.length < ctx.scale.queryRuns ||
        (handTimes.length < MAX_RUNS && (total(handTimes) < MIN_SIDE_MS || total(compiledTimes) < MIN_SIDE_MS))
      ) {
        handTimes.push((await run(conn, hand.sql, hand.values)).ms);
        compiledTimes.push((await run(conn, compiled.sql, compiled.values)).ms);
      }
      const handMs = median(handTimes);
      const compiledMs = median(compiledTimes);
      const template = compileSlottedMembershipPlan(segment.compiled.expanded, 1, { dialect: "mariadb" });
      const pointHandDbUs = await pointCpuUs(ctx, conn, (id) => segment.hand.point(id));
      const pointCompiledDbUs = await pointCpuUs(ctx, conn, (id) => {
        const plan = fillSlots(template, ctx.instantMs, [id]);
        return { sql: plan.sql, values: [...plan.bindings] };
      });
      rows.push({ name: segment.name, members: h0.ids.length, runs: handTimes.length, handMs, compiledMs, ratio: compiledMs / handMs, pointHandDbUs, pointCompiledDbUs });
      ctx.log(`  ${segment.name}: hand ${handMs.toFixed(1)} ms, compiled ${compiledMs.toFixed(1)} ms (x${(compiledMs / handMs).toFixed(2)})`);
    }
  } finally {
    conn.release();
  }
  const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  return { rows, geometricMeanRatio: geometricMean(rows.map((r) => r.ratio)), worst: { name: worst.name, ratio: worst.ratio } };
}
