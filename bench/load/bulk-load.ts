/**
 * Bulk loading of a generated dataset: the secondary indexes are dropped,
 * every billing table is filled by one `LOAD DATA LOCAL INFILE` fed by a stream while the
 * generator runs (one connection per table, so the database loads while this process
 * generates), then the indexes are added back and the schema is checked to equal the
 * migrations' again.
 */
import mysql, { type Connection, type ResultSetHeader } from "mysql2/promise";
import { PassThrough } from "node:stream";
import type { DatabaseLocation } from "../../src/db/connect.js";
import { generateDatasetChunks, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { addIndexes, assertSameSchema, dropIndexes, readSecondaryIndexes, schemaSnapshot, type IndexDefinition } from "./secondary-indexes.js";
import { BILLING_TABLE_LOADS, type TableLoad } from "./table-rows.js";
import { TSV_FORMAT_CLAUSE } from "./tsv.js";

/** Rows and timings of one load. */
export interface LoadStats {
  readonly rows: Readonly<Record<string, number>>;
  /** Generating and loading the rows, seconds. */
  readonly loadSeconds: number;
  /** Adding the secondary indexes back, seconds. */
  readonly indexSeconds: number;
  readonly totalSeconds: number;
}

/** Customers per generated chunk. */
const CHUNK_CUSTOMERS = 5000;
/** Bytes buffered per table stream before the generator waits for the database. */
const STREAM_BUFFER_BYTES = 8 * 1024 * 1024;
/** ALTER statements run at once when rebuilding indexes (this machine has 2 cores). */
const INDEX_BUILD_PARALLELISM = 2;

/** Opens a connection allowed to send local files and to load without checks. */
export async function openLoadConnection(loc: DatabaseLocation): Promise<Connection> {
  const conn = await mysql.createConnection({
    host: loc.host,
    port: loc.port,
    user: loc.user,
    password: loc.password,
    database: loc.database,
    charset: "utf8mb4_bin",
    timezone: "Z",
    dateStrings: true,
  });
  // A table's stream can stay silent for minutes while the generator works on the others
  // (custom_field_definitions only has rows in the first chunk): the server must keep waiting.
  await conn.query("SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0, time_zone = '+00:00', net_read_timeout = 3600");
  return conn;
}

/** Makes sure the server accepts LOAD DATA LOCAL (MariaDB's `local_infile`). */
export async function ensureLocalInfile(conn: Connection): Promise<void> {
  const [rows] = (await conn.query("SELECT @@GLOBAL.local_infile AS v")) as unknown as [Array<{ v: number | string }>];
  if (Number(rows[0]?.v) !== 1) await conn.query("SET GLOBAL local_infile = 1");
}

/**
 * Replaces the billing tables' content with the dataset of `generate`. The tables must exist;
 * `indexes` are the secondary indexes the migrations define (they are dropped for the load and
 * added back), `expectedSchema` the migrations' `SHOW CREATE TABLE` the result must equal.
 */
export async function bulkLoadDataset(
  loc: DatabaseLocation,
  generate: GenerateDatasetOptions,
  reference: { readonly indexes: ReadonlyMap<string, readonly IndexDefinition[]>; readonly schema: ReadonlyMap<string, string> },
  log: (line: string) => void,
): Promise<LoadStats> {
  const started = performance.now();
  const tables = BILLING_TABLE_LOADS.map((t) => t.table);
  const admin = await openLoadConnection(loc);
  const loaders: Connection[] = [];
  try {
    await ensureLocalInfile(admin);
    for (const table of [...tables].reverse()) await admin.query(`TRUNCATE TABLE \`${table}\``);
    // Whatever secondary indexes exist now (an interrupted load may have left some dropped).
    for (const table of tables) await dropIndexes(admin, table, await readSecondaryIndexes(admin, table));

    for (let i = 0; i < BILLING_TABLE_LOADS.length; i++) loaders.push(await openLoadConnection(loc));
    const rows = await streamTables(loaders, generate, log);
    const loadSeconds = (performance.now() - started) / 1000;
    log(`loaded ${Object.entries(rows).map(([t, n]) => `${t}=${n}`).join(" ")} in ${loadSeconds.toFixed(1)} s; adding indexes`);

    const indexStarted = performance.now();
    const queue = [...tables].sort((a, b) => (rows[b] ?? 0) - (rows[a] ?? 0));
    await Promise.all(
      loaders.slice(0, INDEX_BUILD_PARALLELISM).map(async (conn) => {
        for (let table = queue.shift(); table !== undefined; table = queue.shift()) {
          const t0 = performance.now();
          await addIndexes(conn, table, reference.indexes.get(table) ?? []);
          log(`  indexes of ${table} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        }
      }),
    );
    await admin.query(`ANALYZE TABLE ${tables.map((t) => `\`${t}\``).join(", ")}`);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    assertSameSchema(reference.schema, await schemaSnapshot(admin, tables));
    return { rows, loadSeconds, indexSeconds, totalSeconds: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all([admin, ...loaders].map((c) => c.end().catch(() => undefined)));
  }
}

/** Runs one LOAD DATA per table, each fed by a stream the generator writes to. */
async function streamTables(conns: readonly Connection[], generate: GenerateDatasetOptions, log: (line: string) => void): Promise<Record<string, number>> {
  const streams = BILLING_TABLE_LOADS.map(() => new PassThrough({ highWaterMark: STREAM_BUFFER_BYTES }));
  const loads = BILLING_TABLE_LOADS.map((t, i) => loadFromStream(conns[i] as Connection, t, streams[i] as PassThrough));
  // A failed statement must stop the generator rather than leave it waiting for a drain.
  let failure: unknown;
  const watched = loads.map((p) => p.catch((err: unknown) => { failure ??= err; streams.forEach((s) => s.destroy()); throw err; }));
  const rows: Record<string, number> = Object.fromEntries(BILLING_TABLE_LOADS.map((t) => [t.table, 0]));
  const progressEvery = Math.max(1, Math.round(generate.customers / 10));
  let nextProgress = progressEvery;
  const t0 = performance.now();
  try {
    for (const chunk of generateDatasetChunks(generate, CHUNK_CUSTOMERS)) {
      for (let i = 0; i < BILLING_TABLE_LOADS.length; i++) {
        const table = BILLING_TABLE_LOADS[i] as TableLoad;
        const n = table.count(chunk);
        if (n === 0) continue;
        rows[table.table] = (rows[table.table] ?? 0) + n;
        const stream = streams[i] as PassThrough;
        if (!stream.write(table.encode(chunk))) await drained(stream, () => failure);
      }
      if (failure !== undefined) throw failure;
      if ((rows["customers"] ?? 0) >= nextProgress) {
        log(`  ${rows["customers"]} customers generated (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
        nextProgress += progressEvery;
      }
    }
  } finally {
    streams.forEach((s) => s.end());
  }
  const loaded = await Promise.all(watched);
  BILLING_TABLE_LOADS.forEach((t, i) => {
    if (loaded[i] !== rows[t.table]) throw new Error(`${t.table}: generated ${rows[t.table]} rows but the database loaded ${loaded[i]}`);
  });
  return rows;
}

function drained(stream: PassThrough, failed: () => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      const err = failed();
      if (err !== undefined) reject(err instanceof Error ? err : new Error(String(err)));
      else resolve();
    };
    stream.once("drain", done);
    stream.once("close", done);
  });
}

/**
 * LOAD DATA LOCAL turns bad rows into warnings (the server cannot stop the upload), so any
 * warning fails the load here. Returns the number of rows loaded.
 */
async function loadFromStream(conn: Connection, table: TableLoad, stream: PassThrough): Promise<number> {
  const columns = table.columns.map((c) => `\`${c}\``).join(", ");
  const [result] = (await conn.query({
    sql: `LOAD DATA LOCAL INFILE 'bench-${table.table}.tsv' INTO TABLE \`${table.table}\` ${TSV_FORMAT_CLAUSE} (${columns})`,
    infileStreamFactory: () => stream,
  })) as unknown as [ResultSetHeader];
  if (result.warningStatus !== 0) {
    const [warnings] = (await conn.query("SHOW WARNINGS LIMIT 3")) as unknown as [Array<{ Message: string }>];
    throw new Error(`loading ${table.table} gave ${result.warningStatus} warnings, e.g. ${warnings.map((w) => w.Message).join("; ")}`);
  }
  return result.affectedRows;
}
