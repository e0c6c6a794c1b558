/**
 * ListMembers export throughput: a full export of the largest segment through the service
 * (grpc-js stream) against mysql2 streaming the hand-written member query; server RSS is
 * sampled during the service's exports too.
 */
import type { Connection as CallbackConnection } from "mysql2";
import { benchSegment, type BenchContext } from "../bench-context.js";
import { serverStream, timestampObject } from "../service/grpc-client.js";
import { EXPORT_SEGMENT } from "../workload/segments.js";
import { sampleRss } from "./process-stats.js";

/** The best of several full exports. */
export interface ExportMeasure {
  readonly ids: number;
  readonly seconds: number;
  readonly idsPerSecond: number;
}

/** A service export at one batch size. */
export interface ServiceExportMeasure extends ExportMeasure {
  readonly batchSize: number;
  /** Largest server RSS growth over its idle RSS during these exports, bytes. */
  readonly rssGrowthBytes: number;
}

/** Both sides. */
export interface ListMembersResult {
  readonly segment: string;
  readonly raw: ExportMeasure;
  readonly service: readonly ServiceExportMeasure[];
  /** service ids/s at the default batch size / raw ids/s. */
  readonly ratio: number;
}

/** The service's default batch size, and its maximum. */
export const EXPORT_BATCH_SIZES = [1000, 10_000] as const;
/** Rows mysql2 buffers ahead while streaming (the service's stream uses its batch size). */
const RAW_HIGH_WATER_MARK = 1000;

interface ListMembersResponse {
  customer_ids: number[];
}

async function timed(run: () => Promise<number>): Promise<ExportMeasure> {
  const t0 = performance.now();
  const ids = await run();
  const seconds = (performance.now() - t0) / 1000;
  return { ids, seconds, idsPerSecond: ids / seconds };
}

function best(measures: readonly ExportMeasure[]): ExportMeasure {
  return measures.reduce((a, b) => (b.idsPerSecond > a.idsPerSecond ? b : a));
}

/**
 * Streams the hand-written member query and counts the ids, as fast as mysql2 goes: rows as
 * arrays, counted in `data` events (async iteration per row would cost more than the driver).
 */
async function rawExport(ctx: BenchContext, sql: string, values: unknown[]): Promise<number> {
  const conn = await ctx.pool.getConnection();
  try {
    // The promise wrapper's underlying connection streams; the wrapper itself does not.
    const core = conn.connection as unknown as CallbackConnection;
    return await new Promise<number>((resolve, reject) => {
      let n = 0;
      const rows = core.query({ sql, values, rowsAsArray: true }).stream({ highWaterMark: RAW_HIGH_WATER_MARK });
      rows.on("data", (row: unknown[]) => {
        if (row[0] !== null) n++;
      });
      rows.on("end", () => resolve(n));
      rows.on("error", reject);
    });
  } finally {
    conn.release();
  }
}

/** Exports through the service and counts the ids. */
export async function serviceExport(ctx: BenchContext, segmentId: string, batchSize: number): Promise<number> {
  const call = serverStream<ListMembersResponse>(ctx.client, "ListMembers", {
    target: { segment_id: segmentId },
    batch_size: batchSize,
    evaluation_time: timestampObject(ctx.instantMs),
  });
  let n = 0;
  for await (const message of call) n += (message as ListMembersResponse).customer_ids.length;
  return n;
}

/** Measures both sides, alternating runs. */
export async function benchListMembers(ctx: BenchContext): Promise<ListMembersResult> {
  const segment = benchSegment(ctx, EXPORT_SEGMENT);
  const { sql, values } = segment.hand.members;
  const raw: ExportMeasure[] = [];
  const service = new Map<number, { runs: ExportMeasure[]; rssGrowth: number }>(EXPORT_BATCH_SIZES.map((b) => [b, { runs: [], rssGrowth: 0 }]));
  for (let run = 0; run < ctx.scale.exportRuns; run++) {
    raw.push(await timed(() => rawExport(ctx, sql, values)));
    for (const batchSize of EXPORT_BATCH_SIZES) {
      const entry = service.get(batchSize)!;
      const sampler = sampleRss(ctx.service.pid, 50);
      entry.runs.push(await timed(() => serviceExport(ctx, segment.id, batchSize)));
      const samples = sampler.stop();
      entry.rssGrowth = Math.max(entry.rssGrowth, Math.max(...samples) - (samples[0] as number));
    }
  }
  const rawBest = best(raw);
  const services = EXPORT_BATCH_SIZES.map((batchSize): ServiceExportMeasure => {
    const entry = service.get(batchSize)!;
    return { ...best(entry.runs), batchSize, rssGrowthBytes: entry.rssGrowth };
  });
  for (const s of services) {
    if (s.ids !== rawBest.ids) throw new Error(`ListMembers exported ${s.ids} ids at batch ${s.batchSize}, the hand-written query ${rawBest.ids}`);
  }
  const ratio = (services[0] as ServiceExportMeasure).idsPerSecond / rawBest.idsPerSecond;
  ctx.log(
    `  ListMembers ${segment.name}: raw ${(rawBest.idsPerSecond / 1e6).toFixed(2)}M ids/s, service ${services.map((s) => `${(s.idsPerSecond / 1e6).toFixed(2)}M (batch ${s.batchSize})`).join(", ")}`,
  );
  return { segment: segment.name, raw: rawBest, service: services, ratio };
}
