/**
 * Server memory while a client reads an export slowly: the server must hold back (HTTP/2 flow
 * control and the paused database stream), not buffer the segment. RSS is sampled before,
 * during a slow read of the largest segment, and after the call is cancelled.
 */
import type { ClientReadableStream } from "@grpc/grpc-js";
import { benchSegment, type BenchContext } from "../bench-context.js";
import { serverStream, timestampObject } from "../service/grpc-client.js";
import { EXPORT_SEGMENT } from "../workload/segments.js";
import { median } from "./percentiles.js";
import { sampleRss } from "./process-stats.js";

/** Server RSS around a slow export, bytes. */
export interface ExportRssResult {
  readonly segment: string;
  readonly batchSize: number;
  /** Pause after each message the slow reader receives, ms. */
  readonly readDelayMs: number;
  readonly readSeconds: number;
  /** Ids the slow reader received before it cancelled. */
  readonly idsRead: number;
  readonly idleRssBytes: number;
  readonly peakRssBytes: number;
  readonly growthBytes: number;
  /** RSS a moment after the cancelled call (memory handed back or kept for reuse). */
  readonly afterCancelRssBytes: number;
}

const READ_DELAY_MS = 50;
const SAMPLE_EVERY_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Reads an export one message per READ_DELAY_MS for `durationMs`, then cancels it. */
async function slowRead(call: ClientReadableStream<{ customer_ids: number[] }>, durationMs: number): Promise<number> {
  let ids = 0;
  const done = new Promise<void>((resolve, reject) => {
    call.on("data", (message: { customer_ids: number[] }) => {
      ids += message.customer_ids.length;
      call.pause();
      setTimeout(() => call.resume(), READ_DELAY_MS);
    });
    call.on("end", resolve);
    call.on("error", (err: { code?: number }) => (err.code === 1 /* CANCELLED */ ? resolve() : reject(err)));
  });
  await Promise.race([done, sleep(durationMs)]);
  call.cancel();
  await done;
  return ids;
}

/** Measures the RSS growth of the service during a slow export. */
export async function benchExportRss(ctx: BenchContext): Promise<ExportRssResult> {
  const segment = benchSegment(ctx, EXPORT_SEGMENT);
  const idle = sampleRss(ctx.service.pid, SAMPLE_EVERY_MS);
  await sleep(1000);
  const idleRss = median(idle.stop());
  const during = sampleRss(ctx.service.pid, SAMPLE_EVERY_MS);
  const t0 = performance.now();
  const call = serverStream<{ customer_ids: number[] }>(ctx.client, "ListMembers", {
    target: { segment_id: segment.id },
    batch_size: ctx.scale.slowExportBatch,
    evaluation_time: timestampObject(ctx.instantMs),
  });
  const idsRead = await slowRead(call, ctx.scale.slowExportMs);
  const readSeconds = (performance.now() - t0) / 1000;
  const peak = Math.max(...during.stop());
  await sleep(1000);
  const after = sampleRss(ctx.service.pid, SAMPLE_EVERY_MS);
  await sleep(300);
  const afterCancel = median(after.stop());
  const result: ExportRssResult = {
    segment: segment.name,
    batchSize: ctx.scale.slowExportBatch,
    readDelayMs: READ_DELAY_MS,
    readSeconds,
    idsRead,
    idleRssBytes: idleRss,
    peakRssBytes: peak,
    growthBytes: peak - idleRss,
    afterCancelRssBytes: afterCancel,
  };
  ctx.log(`  slow export: RSS idle ${mib(idleRss)} MiB, peak ${mib(peak)} MiB (+${mib(result.growthBytes)}), ${idsRead} ids read in ${readSeconds.toFixed(1)} s`);
  return result;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
