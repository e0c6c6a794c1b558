/**
 * The benchmark: `npx tsx bench/run.ts --scale full|quick [--seed N]` (`make bench`,
 * `make bench-quick`). Loads the seeded dataset (skipped when already there), starts the
 * service as its own process, creates the workload through CreateSegment, checks every segment
 * against its hand-written twin, measures, and writes bench/results/. The database is
 * `segments_bench` (full) or `segments_bench_quick` (quick), or BENCH_DATABASE_URL; never
 * DATABASE_URL, which `make` points at the development database.
 */
import { parseArgs } from "node:util";
import { buildFieldCatalog, type FieldCatalog } from "../src/catalog/field-catalog.js";
import { loadCustomFieldDefinitions } from "../src/catalog/custom-field-definitions.js";
import { DEFAULT_ANCHORS_MS } from "../src/datagen/generate-dataset.js";
import { openKnex, parseDatabaseUrl, type DatabaseLocation } from "../src/db/connect.js";
import type { BenchContext, BenchSegment } from "./bench-context.js";
import { integerOption } from "./cli-options.js";
import { clearSegments, ensureBufferPool, prepareDataset } from "./load/prepare-dataset.js";
import { benchCompileTimes } from "./measure/compile-time-bench.js";
import { checkEquivalence } from "./measure/equivalence.js";
import { rssBytes } from "./measure/process-stats.js";
import { benchExportRss } from "./measure/export-rss-bench.js";
import { benchIsMember } from "./measure/is-member-bench.js";
import { benchListMembers } from "./measure/list-members-bench.js";
import { benchQueryTimes } from "./measure/query-time-bench.js";
import type { BenchResult } from "./report/bench-result.js";
import { machineInfo } from "./report/machine-info.js";
import { checkTargets } from "./report/targets.js";
import { writeResults } from "./report/write-results.js";
import { SCALES, type Scale, type ScaleName } from "./scale.js";
import { BENCH_ACCOUNTS, asAccount, databaseUrl, ensureBenchAccounts } from "./service/database-users.js";
import { openClient } from "./service/grpc-client.js";
import { RAW_POOL_SIZE, openRawPool, warmPool } from "./service/raw-pool.js";
import { spawnService } from "./service/spawn-service.js";
import { compileWorkload } from "./workload/compiled.js";
import { createWorkloadSegments } from "./workload/create-segments.js";
import { handContext, handWritten, segmentNamed } from "./workload/hand-written.js";

/** Seed of the dataset when --seed is not given. */
const DEFAULT_SEED = 20_250_331;
/** The service's database pool (its DB_POOL_MAX), equal to the raw pool. */
const SERVICE_POOL_SIZE = RAW_POOL_SIZE;

interface Args {
  readonly scale: Scale;
  readonly seed: number;
}

function readArgs(): Args {
  const usage = "usage: bench/run.ts --scale full|quick [--seed N]";
  const { values } = parseArgs({ options: { scale: { type: "string" }, seed: { type: "string" } } });
  const scale = values.scale;
  if (scale !== "full" && scale !== "quick") throw new Error(`--scale must be full or quick, got ${String(scale)}; ${usage}`);
  return { scale: SCALES[scale], seed: integerOption("seed", values.seed, DEFAULT_SEED, 0) };
}

function log(line: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/** The field catalog as the service builds it from the loaded definitions. */
async function loadCatalog(location: DatabaseLocation): Promise<FieldCatalog> {
  const knex = openKnex(location, 1);
  try {
    return buildFieldCatalog(await loadCustomFieldDefinitions(knex, { warn: (o, m) => log(`catalog warning: ${m} ${JSON.stringify(o)}`) }));
  } finally {
    await knex.destroy();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const { scale, seed } = readArgs();
  const location: DatabaseLocation = parseDatabaseUrl(process.env["BENCH_DATABASE_URL"] || `mysql://root@127.0.0.1:3306/${scale.database}`);
  const instantMs = DEFAULT_ANCHORS_MS[0] as number;
  log(`scale ${scale.name}, seed ${seed}, database ${location.database}`);

  const bufferPool = await ensureBufferPool(location, scale.bufferPoolMiB);
  const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024);
  if (bufferPool.after !== bufferPool.before) log(`InnoDB buffer pool raised from ${mib(bufferPool.before)} to ${mib(bufferPool.after)} MiB`);
  const dataset = await prepareDataset(location, scale.name, { ...scale.dataset, seed }, log);
  await clearSegments(location);

  await ensureBenchAccounts(location);

  const service = await spawnService({ DATABASE_URL: databaseUrl(asAccount(location, BENCH_ACCOUNTS.service)), DB_POOL_MAX: String(SERVICE_POOL_SIZE) });
  const rssAtStart = rssBytes(service.pid);
  const client = openClient(service.port, service.token);
  const pool = openRawPool(asAccount(location, BENCH_ACCOUNTS.raw));
  const admin = openRawPool(location, 2);
  try {
    await warmPool(pool);
    const ids = await createWorkloadSegments(client);
    const catalog = await loadCatalog(location);
    const compiled = await compileWorkload(catalog, ids);
    const h = handContext(instantMs);
    const segments: BenchSegment[] = compiled.map((c) => ({ name: c.name, id: c.id, hand: handWritten(segmentNamed(c.name), h), compiled: c }));
    const ctx: BenchContext = { scale, seed, instantMs, location, customers: scale.dataset.customers, service, client, pool, admin, segments, log };

    log(`checking ${segments.length} segments against their hand-written twins`);
    const members = await checkEquivalence(ctx);
    log("compiled vs hand-written query times");
    const queryTimes = await benchQueryTimes(ctx);
    log("compile times");
    const compileTimes = benchCompileTimes(ctx, catalog);
    log("IsMember");
    const isMember = await benchIsMember(ctx);
    log("ListMembers");
    const listMembers = await benchListMembers(ctx);
    log("server RSS during a slow export");
    const exportRss = await benchExportRss(ctx);

    const measures = { isMember, listMembers, queryTimes, compileTimes, exportRss };
    const result: BenchResult = {
      scale: scale.name,
      machine: await machineInfo(admin),
      dataset: {
        seed,
        customers: scale.dataset.customers,
        rows: dataset.rows,
        loadedThisRun: dataset.loaded,
        ...(dataset.load ? { loadSeconds: dataset.load.totalSeconds } : {}),
        generatedFingerprint: dataset.fingerprint,
      },
      evaluationTime: new Date(instantMs).toISOString(),
      connections: { service: SERVICE_POOL_SIZE, raw: RAW_POOL_SIZE },
      segments: members,
      ...measures,
      serviceRss: { atStartBytes: rssAtStart, atEndBytes: rssBytes(service.pid) },
      targets: checkTargets(measures),
      totalSeconds: (performance.now() - started) / 1000,
    };
    const { files, markdown } = await writeResults(result);
    process.stdout.write(`\n${markdown}\n`);
    log(`wrote ${files.join(", ")}`);
  } catch (err) {
    const output = service.output();
    if (output) log(`service output:\n${output}`);
    throw err;
  } finally {
    client.close();
    await pool.end();
    await admin.end();
    await service.stop();
  }
}

await main();
