/**
 * IsMember throughput and latency: the service over gRPC (grpc-js client in this process, the
 * service in its own) against a mysql2 pool running the hand-written point query, replaying
 * the same seeded (segment, customer) sequence at the same concurrency.
 */
import type { BenchContext, BenchSegment } from "../bench-context.js";
import { BENCH_ACCOUNTS } from "../service/database-users.js";
import { checkHealth, openHealthClient, timestampObject, unary } from "../service/grpc-client.js";
import { spawnBareServer } from "../service/spawn-bare-server.js";
import { benchSegment } from "../bench-context.js";
import { SIMPLE_SEGMENT } from "../workload/segments.js";
import { closedLoop, type LoopResult } from "./closed-loop.js";
import { membershipRequests } from "./request-sequence.js";
import { resourceWindow, type RequestCosts } from "./resource-window.js";

/** Which segments the requests go to. */
export type MembershipWorkload = "mix" | "simple";

/** One side of a measure. */
export interface MeasuredSide extends LoopResult {
  readonly costs: RequestCosts;
}

/** Service and raw at one workload and concurrency. */
export interface IsMemberMeasure {
  readonly workload: MembershipWorkload;
  readonly concurrency: number;
  readonly service: MeasuredSide;
  readonly raw: MeasuredSide;
  /** service throughput / raw throughput. */
  readonly throughputRatio: number;
  /** service p99 / raw p99. */
  readonly p99Ratio: number;
}

/** The same server answering grpc.health.v1 Check (no database): the transport's ceiling. */
export interface TransportFloor extends MeasuredSide {
  /** Floor throughput / raw throughput of the mixed workload at this concurrency. */
  readonly ratioToRaw: number;
}

/** BatchIsMember on the mixed workload: the same questions, many customers per call. */
export interface BatchMeasure extends MeasuredSide {
  readonly idsPerCall: number;
  /** Membership answers per second. */
  readonly idsPerSecond: number;
  /** idsPerSecond / raw point queries per second (mix) at this concurrency. */
  readonly ratioToRaw: number;
}

/** Every IsMember measure of a run. */
export interface IsMemberResult {
  readonly measures: readonly IsMemberMeasure[];
  readonly floor: readonly TransportFloor[];
  /**
   * The same Check calls answered by a bare node:http2 server with a canned response
   * (bench/service/bare-grpc-server.ts): what Node's HTTP/2 and the grpc-js client cost alone.
   */
  readonly bareFloor: readonly TransportFloor[];
  readonly batch: readonly BatchMeasure[];
}

/** Customers per BatchIsMember call. */
export const BATCH_IDS = 100;

/** Concurrency levels measured. */
export const CONCURRENCY_LEVELS = [1, 32] as const;

/** Runs every workload at every concurrency, then the transport floors and BatchIsMember. */
export async function benchIsMember(ctx: BenchContext): Promise<IsMemberResult> {
  const out: IsMemberMeasure[] = [];
  for (const workload of ["mix", "simple"] as const) {
    for (const concurrency of CONCURRENCY_LEVELS) {
      const raw = await measure(ctx, workload, concurrency, "raw");
      const service = await measure(ctx, workload, concurrency, "service");
      const row: IsMemberMeasure = {
        workload,
        concurrency,
        service,
        raw,
        throughputRatio: service.throughput / raw.throughput,
        p99Ratio: service.latencyUs.p99 / raw.latencyUs.p99,
      };
      ctx.log(
        `  IsMember ${workload} c=${concurrency}: service ${service.throughput.toFixed(0)}/s p99 ${(service.latencyUs.p99 / 1000).toFixed(2)} ms, raw ${raw.throughput.toFixed(0)}/s p99 ${(raw.latencyUs.p99 / 1000).toFixed(2)} ms`,
      );
      out.push(row);
    }
  }
  const rawMix = (concurrency: number): number => out.find((r) => r.workload === "mix" && r.concurrency === concurrency)?.raw.throughput ?? Number.NaN;
  const floor = await measureFloor(ctx, ctx.service.port, ctx.service.pid, rawMix, "Health/Check (transport floor)");
  const bare = await spawnBareServer();
  const bareFloor = await measureFloor(ctx, bare.port, bare.pid, rawMix, "bare node:http2 (Node + grpc-js floor)").finally(() => bare.stop());
  const batch: BatchMeasure[] = [];
  for (const concurrency of CONCURRENCY_LEVELS) {
    const side = await measureBatch(ctx, concurrency);
    const raw = rawMix(concurrency);
    const idsPerSecond = side.throughput * BATCH_IDS;
    batch.push({ ...side, idsPerCall: BATCH_IDS, idsPerSecond, ratioToRaw: idsPerSecond / raw });
    ctx.log(`  BatchIsMember x${BATCH_IDS} c=${concurrency}: ${idsPerSecond.toFixed(0)} ids/s (${(idsPerSecond / raw).toFixed(2)}x raw point queries)`);
  }
  return { measures: out, floor, bareFloor, batch };
}

/** Health/Check at every concurrency against the server on `port` (process `pid`). */
async function measureFloor(ctx: BenchContext, port: number, pid: number, rawMix: (concurrency: number) => number, label: string): Promise<TransportFloor[]> {
  const health = openHealthClient(port);
  try {
    const rows: TransportFloor[] = [];
    for (const concurrency of CONCURRENCY_LEVELS) {
      const side = await loop(ctx, () => checkHealth(health), concurrency, "service", pid);
      rows.push({ ...side, ratioToRaw: side.throughput / rawMix(concurrency) });
      ctx.log(`  ${label} c=${concurrency}: ${side.throughput.toFixed(0)}/s p99 ${(side.latencyUs.p99 / 1000).toFixed(2)} ms`);
    }
    return rows;
  } finally {
    health.close();
  }
}

/** BatchIsMember calls of BATCH_IDS customers from the same sequence, one segment per call (round robin). */
async function measureBatch(ctx: BenchContext, concurrency: number): Promise<MeasuredSide> {
  const next = membershipRequests(ctx.seed, ctx.customers, ctx.segments.length);
  const evaluationTime = timestampObject(ctx.instantMs);
  const op = async (seq: number): Promise<void> => {
    const ids: string[] = [];
    for (let i = 0; i < BATCH_IDS; i++) ids.push(String(next(seq * BATCH_IDS + i).customerId));
    await unary(ctx.client, "BatchIsMember", {
      target: { segment_id: (ctx.segments[seq % ctx.segments.length] as BenchSegment).id },
      customer_ids: ids,
      evaluation_time: evaluationTime,
    });
  };
  return loop(ctx, op, concurrency, "service");
}

/** A closed loop of `op`; a "service" side reads the CPU of process `servicePid`. */
async function loop(ctx: BenchContext, op: (seq: number) => Promise<void>, concurrency: number, side: "service" | "raw", servicePid = ctx.service.pid): Promise<MeasuredSide> {
  const window = side === "service" ? resourceWindow(ctx.admin, BENCH_ACCOUNTS.service, servicePid) : resourceWindow(ctx.admin, BENCH_ACCOUNTS.raw, undefined);
  const result = await closedLoop(op, {
    concurrency,
    durationMs: ctx.scale.loopMs,
    warmupMs: ctx.scale.warmupMs,
    onMeasureStart: window.open,
    onMeasureEnd: window.close,
  });
  return { ...result, costs: window.costs(result.requests) };
}

async function measure(ctx: BenchContext, workload: MembershipWorkload, concurrency: number, side: "service" | "raw"): Promise<MeasuredSide> {
  const next = membershipRequests(ctx.seed, ctx.customers, ctx.segments.length);
  const simple = benchSegment(ctx, SIMPLE_SEGMENT);
  const segmentOf = (index: number): BenchSegment => (workload === "simple" ? simple : (ctx.segments[index] as BenchSegment));
  const evaluationTime = timestampObject(ctx.instantMs);
  const op =
    side === "service"
      ? async (seq: number): Promise<void> => {
          const request = next(seq);
          await unary(ctx.client, "IsMember", {
            target: { segment_id: segmentOf(request.segment).id },
            customer_id: String(request.customerId),
            evaluation_time: evaluationTime,
          });
        }
      : async (seq: number): Promise<void> => {
          const request = next(seq);
          const statement = segmentOf(request.segment).hand.point(request.customerId);
          await ctx.pool.query(statement.sql, statement.values);
        };
  return loop(ctx, op, concurrency, side);
}
