/** Run count and seed of the property tests, from FC_NUM_RUNS and FC_SEED. */
import type fc from "fast-check";

/** Runs per property (CI default: 4 properties × 750 = 3,000 predicates). */
export function numRuns(fallback = 750, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["FC_NUM_RUNS"];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`FC_NUM_RUNS must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

/** The seed: FC_SEED when set, else a fresh one (printed, so any failure can be replayed). */
export function seed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env["FC_SEED"];
  if (raw === undefined || raw === "") return (Date.now() ^ (process.pid << 8)) | 0;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return n | 0;
}

/** Parameters for fc.assert that print the seed and the replay path on failure. */
export function assertParameters<T>(runs: number, theSeed: number): fc.Parameters<T> {
  return { numRuns: runs, seed: theSeed, endOnFailure: false, verbose: 1 };
}
