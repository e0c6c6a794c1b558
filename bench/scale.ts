/** The two sizes of the benchmark: what is loaded and how long each measure runs. */
import type { GenerateDatasetOptions } from "../src/datagen/generate-dataset.js";

/** Name of a scale, as given to `--scale`. */
export type ScaleName = "full" | "quick";

/** Everything that differs between the scales. */
export interface Scale {
  readonly name: ScaleName;
  /** Database the dataset lives in (each scale keeps its own, so a quick run never reloads the full one). */
  readonly database: string;
  /** Generator knobs (seed added at run time). ~2 subscriptions and ~8 invoices per customer. */
  readonly dataset: Omit<GenerateDatasetOptions, "seed">;
  /** Duration of each closed-loop IsMember measure, and its unmeasured warm-up, ms. */
  readonly loopMs: number;
  readonly warmupMs: number;
  /** Full exports per ListMembers measure (the best is kept). */
  readonly exportRuns: number;
  /** Executions of each member query, compiled and hand-written, alternating (the median is kept). */
  readonly queryRuns: number;
  /** Compilations per segment for compile-time percentiles. */
  readonly compileIterations: number;
  /** How long the slow reader reads an export while server RSS is sampled, ms. */
  readonly slowExportMs: number;
  /** Ids per message of the slow export (small enough that the reader cannot finish early). */
  readonly slowExportBatch: number;
  /** InnoDB buffer pool the run asks for, MiB (0 leaves the server's setting alone). */
  readonly bufferPoolMiB: number;
}

/** Means per customer that has related rows (12% have none): ~2.0 subscriptions and ~8.0 invoices per customer overall. */
const PER_CUSTOMER = { subscriptionsPerCustomer: 2.27, invoicesPerCustomer: 9.1 } as const;

/** The scales by name. */
export const SCALES: Readonly<Record<ScaleName, Scale>> = {
  full: {
    name: "full",
    database: "segments_bench",
    dataset: { customers: 1_000_000, ...PER_CUSTOMER },
    loopMs: 8000,
    warmupMs: 2000,
    exportRuns: 3,
    queryRuns: 3,
    compileIterations: 5000,
    slowExportMs: 15_000,
    slowExportBatch: 1000,
    bufferPoolMiB: 4096,
  },
  quick: {
    name: "quick",
    database: "segments_bench_quick",
    dataset: { customers: 20_000, ...PER_CUSTOMER },
    loopMs: 2000,
    warmupMs: 500,
    exportRuns: 3,
    queryRuns: 3,
    compileIterations: 1000,
    slowExportMs: 3000,
    slowExportBatch: 100,
    bufferPoolMiB: 0,
  },
};
