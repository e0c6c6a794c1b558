/**
 * Per-call CPU of the server stack, repeatable in a minute: `npx tsx bench/rpc-overhead.ts`.
 *
 * Starts the service as its own process (as bench/run.ts does) on a small demo database
 * (`segments_rpc_overhead`, 5,000 demo customers and the demo segments, loaded on first start;
 * RPC_OVERHEAD_DATABASE_URL overrides), and the bare HTTP/2 floor server
 * (bench/service/bare-grpc-server.ts). Then drives, with one grpc-js client per target, a fixed
 * number of calls at concurrency 1 and 32 of:
 *   floor    Health/Check shape answered by the bare node:http2 server
 *   check    grpc.health.v1.Health/Check on the service (no database)
 *   ismember IsMember of "EU enterprise" on the service, customers 1..5000 round robin
 *   mix      IsMember round robin over every demo segment (relations, windows, references)
 *   raw      the baseline: a mysql2 pool (16 connections, the service's session) in this process
 *            running a hand-written point query of "EU enterprise" (no server process: its CPU is
 *            this process's)
 * and prints req/s, latency and CPU µs per call of the answering process and of this client.
 *
 * Options: --calls N (measured calls per row, default 20000), --warmup N (default 2000),
 * --repeat N (rounds, default 1), --only floor,check,ismember,mix,raw, --concurrency 1,32,
 * --cpu-prof DIR (start the service with `node --cpu-prof`; the profile is written when it stops),
 * --node-arg=ARG (repeatable: more node options for the service, e.g. --node-arg=--perf-basic-prof),
 * --log-level LEVEL (the service's LOG_LEVEL, default warn as in bench/run.ts; info writes the
 * per-RPC lines to a pipe this process reads).
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { parseDatabaseUrl } from "../src/db/connect.js";
import { integerOption, listOption } from "./cli-options.js";
import { cpuSeconds, ownCpuSeconds } from "./measure/process-stats.js";
import { summarize } from "./measure/percentiles.js";
import { checkHealth, openClient, openHealthClient, timestampObject, unary, waitForReady } from "./service/grpc-client.js";
import { openRawPool, warmPool } from "./service/raw-pool.js";
import { spawnBareServer } from "./service/spawn-bare-server.js";
import { spawnService } from "./service/spawn-service.js";

const DATABASE_URL = process.env["RPC_OVERHEAD_DATABASE_URL"] || "mysql://root@127.0.0.1:3306/segments_rpc_overhead";
const DEMO_CUSTOMERS = 5000;
const SEGMENT_NAME = "EU enterprise";
/** The hand-written point query of SEGMENT_NAME (src/demo/demo-segments.ts). */
const EU_ENTERPRISE_POINT =
  "SELECT c.id, (c.country IN ('DE', 'FR', 'IT', 'ES', 'NL', 'AT', 'BE', 'IE', 'PL', 'SE') AND c.tier = 'enterprise') AS member FROM customers AS c WHERE c.id = ?";

const TARGETS = ["floor", "check", "ismember", "mix", "raw"] as const;
type Target = (typeof TARGETS)[number];

interface Args {
  readonly calls: number;
  readonly warmup: number;
  readonly repeat: number;
  readonly only: readonly Target[];
  readonly concurrency: readonly number[];
  readonly cpuProfDir: string | undefined;
  readonly nodeArgs: readonly string[];
  readonly logLevel: string;
}

function readArgs(): Args {
  const { values } = parseArgs({
    options: {
      calls: { type: "string" },
      warmup: { type: "string" },
      repeat: { type: "string" },
      only: { type: "string" },
      concurrency: { type: "string" },
      "cpu-prof": { type: "string" },
      "node-arg": { type: "string", multiple: true },
      "log-level": { type: "string" },
    },
  });
  return {
    calls: integerOption("calls", values.calls, 20_000, 1),
    warmup: integerOption("warmup", values.warmup, 2000, 0),
    repeat: integerOption("repeat", values.repeat, 1, 1),
    only: listOption("only", values.only, ["raw", "floor", "check", "ismember"], TARGETS),
    concurrency: listOption("concurrency", values.concurrency, ["1", "32"]).map((c) => integerOption("concurrency", c, 1, 1)),
    cpuProfDir: values["cpu-prof"] === undefined ? undefined : path.resolve(values["cpu-prof"]),
    nodeArgs: values["node-arg"] ?? [],
    logLevel: values["log-level"] ?? "warn",
  };
}

/** Runs `op` `calls` times from `concurrency` workers; returns seconds and latencies (µs). */
async function fixedCalls(op: (seq: number) => Promise<void>, calls: number, concurrency: number): Promise<{ seconds: number; latenciesUs: number[] }> {
  let seq = 0;
  const latenciesUs: number[] = [];
  const worker = async (): Promise<void> => {
    while (seq < calls) {
      const n = seq++;
      const t0 = performance.now();
      await op(n);
      latenciesUs.push((performance.now() - t0) * 1000);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: (performance.now() - t0) / 1000, latenciesUs };
}

async function main(): Promise<void> {
  const args = readArgs();
  const service = await spawnService(
    { DATABASE_URL, DEMO_DATA: "true", DB_POOL_MAX: "16", LOG_LEVEL: args.logLevel },
    [...args.nodeArgs, ...(args.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${args.cpuProfDir}`] : [])],
  );
  const bare = await spawnBareServer();
  const client = openClient(service.port, service.token);
  const health = openHealthClient(service.port);
  const floorClient = openHealthClient(bare.port);
  const pool = openRawPool(parseDatabaseUrl(DATABASE_URL));
  try {
    await warmPool(pool);
    await Promise.all([waitForReady(client, 5000), waitForReady(health, 5000), waitForReady(floorClient, 5000)]);
    const { segments } = await unary<{ segments: Array<{ id: string; name: string }> }>(client, "ListSegments", {});
    const segment = segments.find((s) => s.name === SEGMENT_NAME);
    if (!segment) throw new Error(`no segment ${SEGMENT_NAME}; is ${DATABASE_URL} the demo database?`);
    const evaluationTime = timestampObject(Date.now());
    const isMember = (segmentId: string, seq: number): Promise<unknown> =>
      unary(client, "IsMember", { target: { segment_id: segmentId }, customer_id: String((seq % DEMO_CUSTOMERS) + 1), evaluation_time: evaluationTime });
    const ops: Record<Target, { pid: number | undefined; op: (seq: number) => Promise<void> }> = {
      raw: { pid: undefined, op: async (seq) => void (await pool.query(EU_ENTERPRISE_POINT, [(seq % DEMO_CUSTOMERS) + 1])) },
      floor: { pid: bare.pid, op: () => checkHealth(floorClient) },
      check: { pid: service.pid, op: () => checkHealth(health) },
      ismember: { pid: service.pid, op: async (seq) => void (await isMember(segment.id, seq)) },
      mix: { pid: service.pid, op: async (seq) => void (await isMember((segments[seq % segments.length] as { id: string }).id, seq)) },
    };
    process.stdout.write(`service pid ${service.pid}; ${args.calls} calls per row after ${args.warmup} warm-up calls; CPU from /proc (10 ms ticks)\n`);
    process.stdout.write("round | target   | conc. |   req/s | p50 ms | p99 ms | server CPU µs/call | client CPU µs/call\n");
    for (let round = 1; round <= args.repeat; round++) {
      for (const target of args.only) {
        for (const concurrency of args.concurrency) {
          const { pid, op } = ops[target];
          await fixedCalls(op, args.warmup, concurrency);
          const server0 = pid === undefined ? 0 : cpuSeconds(pid);
          const client0 = ownCpuSeconds();
          const { seconds, latenciesUs } = await fixedCalls(op, args.calls, concurrency);
          const serverUs = pid === undefined ? "–" : (((cpuSeconds(pid) - server0) * 1e6) / args.calls).toFixed(0);
          const clientUs = ((ownCpuSeconds() - client0) * 1e6) / args.calls;
          const s = summarize(latenciesUs);
          process.stdout.write(
            `${String(round).padStart(5)} | ${target.padEnd(8)} | ${String(concurrency).padStart(5)} | ${(args.calls / seconds).toFixed(0).padStart(7)} | ${(s.p50 / 1000).toFixed(2).padStart(6)} | ${(s.p99 / 1000).toFixed(2).padStart(6)} | ${serverUs.padStart(18)} | ${clientUs.toFixed(0).padStart(18)}\n`,
          );
        }
      }
    }
  } finally {
    client.close();
    health.close();
    floorClient.close();
    await Promise.all([bare.stop(), service.stop(), pool.end()]);
  }
}

await main();
