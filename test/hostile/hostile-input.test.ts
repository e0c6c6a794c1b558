/**
 * CI's bounded sample of the hostile-input harness (`make fuzz-server` runs 20,000+): the real
 * process, on its own database with the demo data, takes a few hundred hostile requests of every
 * kind over the network and must answer each with a proper status — never INTERNAL, UNKNOWN, no
 * status or no answer — without crashing, without logging at error level, and stay SERVING.
 * The seed changes with the day, so CI walks new requests over time; a failure prints the seed
 * and index, which reproduce it (`FUZZ_SEED=<seed> make fuzz-server`).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { runHostile, summarize } from "./run-hostile.js";
import { devAuthorization, startServerProcess, type ServerProcess } from "./server-process.js";

const REQUESTS = Number(process.env["HOSTILE_SAMPLE"] ?? 300);
const SEED = Number(process.env["FUZZ_SEED"] ?? Math.floor(Date.now() / 86_400_000));

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess("segments_test_hostile", { DEMO_DATA: "1", AUTH: "dev" });
}, 90_000);

afterAll(async () => {
  await server?.stop();
});

it(`answers ${REQUESTS} hostile requests with proper statuses and stays up (seed ${SEED})`, async () => {
  const report = await runHostile(server, { count: REQUESTS, seed: SEED, concurrency: 4, timeoutMs: 30_000, authorization: devAuthorization(server) });
  const summary = summarize(report);
  expect(report.crashed, summary).toBe(false);
  expect(report.serverFailures, summary).toBe(0);
  expect(report.healthAfter, summary).toBe("SERVING");
  expect(report.errorLogSamples, summary).toEqual([]);
  expect(report.requests).toBe(REQUESTS);
}, 240_000);
