/**
 * A closed-loop load generator: `concurrency` workers each issue the next request as soon as
 * their previous one answered, for a fixed time after an unmeasured warm-up. Every worker
 * draws from one shared sequence number, so two systems driven with the same `op` see the
 * same requests in the same order.
 */
import { summarize, type Summary } from "./percentiles.js";

/** Options of one measure. */
export interface LoopOptions {
  readonly concurrency: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  /** Called when the measured window opens and closes (e.g. to read CPU counters). */
  readonly onMeasureStart?: () => Promise<void> | void;
  readonly onMeasureEnd?: () => Promise<void> | void;
}

/** Throughput and latency of the measured window. */
export interface LoopResult {
  readonly concurrency: number;
  readonly requests: number;
  readonly seconds: number;
  /** Completed requests per second. */
  readonly throughput: number;
  /** Latency in microseconds. */
  readonly latencyUs: Summary;
}

/** Runs `op(sequenceNumber)` in a closed loop; any failure aborts the measure. */
export async function closedLoop(op: (seq: number) => Promise<void>, options: LoopOptions): Promise<LoopResult> {
  let seq = 0;
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    while (!stop) {
      const recorded = measuring;
      const t0 = performance.now();
      await op(seq++);
      if (recorded && measuring) latencies.push((performance.now() - t0) * 1000);
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);
  const failed = Promise.race(workers.map((w) => w.then(() => new Promise<never>(() => undefined))));
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  let started = 0;
  let ended = 0;
  const run = async (): Promise<void> => {
    await sleep(options.warmupMs);
    await options.onMeasureStart?.();
    measuring = true;
    started = performance.now();
    await sleep(options.durationMs);
    measuring = false;
    ended = performance.now();
    await options.onMeasureEnd?.();
    stop = true;
  };
  try {
    await Promise.race([run(), failed]);
  } finally {
    stop = true;
    await Promise.allSettled(workers);
  }
  const seconds = (ended - started) / 1000;
  return {
    concurrency: options.concurrency,
    requests: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
    latencyUs: summarize(latencies),
  };
}
