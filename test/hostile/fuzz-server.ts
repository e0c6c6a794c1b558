/**
 * `make fuzz-server`: starts the service as its own process on a fresh database with the demo
 * data, sends FUZZ_REQUESTS hostile requests (20,000 by default) over the network and writes the
 * figures to bench/results/<time>-hostile.json (+ .md). Exits 1 when the process crashed, any
 * request got INTERNAL/UNKNOWN/no status/no answer, or health is not SERVING afterwards.
 *
 * FUZZ_SEED picks the requests (the same seed sends the same requests); FUZZ_CONCURRENCY sets
 * how many are in flight.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runHostile, summarize } from "./run-hostile.js";
import { devAuthorization, startServerProcess } from "./server-process.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function intSetting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

const count = intSetting("FUZZ_REQUESTS", 20_000);
const seed = intSetting("FUZZ_SEED", Math.floor(Date.now() / 1000) % 1_000_000);
const concurrency = intSetting("FUZZ_CONCURRENCY", 8);

// AUTH=dev: the harness attacks as an authenticated caller with every scope (the token the
// service logs at start), so hostile requests reach the whole pipeline; requests that bring their
// own authorization header test the auth layer itself.
const server = await startServerProcess("segments_fuzz_server", { DEMO_DATA: "1", LOG_LEVEL: "info", AUTH: "dev" });
let failed = true;
try {
  const authorization = devAuthorization(server);
  const report = await runHostile(server, { count, seed, concurrency, timeoutMs: 60_000, authorization, progress: (n) => console.error(`${n} / ${count}`) });
  const text = summarize(report);
  console.log(text);
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${stamp}-hostile.json`), JSON.stringify(report, null, 2) + "\n");
  writeFileSync(path.join(dir, `${stamp}-hostile.md`), "```\n" + text + "\n```\n");
  failed = report.crashed || report.serverFailures > 0 || report.healthAfter !== "SERVING";
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
