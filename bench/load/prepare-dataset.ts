/**
 * Makes the benchmark database hold the dataset of a seed and scale: migrations applied, the
 * dataset bulk-loaded unless the `bench_dataset` marker says this very dataset is already there,
 * and the schema checked against a freshly migrated reference database.
 */
import { createHash } from "node:crypto";
import mysql, { type Connection } from "mysql2/promise";
import { ensureDatabase, openKnex, type DatabaseLocation } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { generateDataset, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { bulkLoadDataset, openLoadConnection, type LoadStats } from "./bulk-load.js";
import { assertSameSchema, readSecondaryIndexes, schemaSnapshot, type IndexDefinition } from "./secondary-indexes.js";
import { BILLING_TABLE_LOADS } from "./table-rows.js";

/** The dataset in the database after preparation. */
export interface PreparedDataset {
  /** Whether this run loaded it (false: an identical one was already there). */
  readonly loaded: boolean;
  /** Rows per table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Timings of the load, when this run loaded. */
  readonly load: LoadStats | undefined;
  /** Identifies the generator's output for the seed and options. */
  readonly fingerprint: string;
}

const MARKER_TABLE = "bench_dataset";
/** Customers generated to fingerprint the generator's output (any change in it shows there). */
const FINGERPRINT_CUSTOMERS = 300;

/**
 * A digest of the options and of the first customers' rows: a rerun with the same seed and
 * scale skips the load only if the generator still produces the same data.
 */
export function datasetFingerprint(options: GenerateDatasetOptions): string {
  const sample = generateDataset({ ...options, customers: Math.min(options.customers, FINGERPRINT_CUSTOMERS) });
  return createHash("sha256").update(JSON.stringify(options)).update(JSON.stringify(sample)).digest("hex");
}

/** Loads the dataset of `options` into `loc` unless it is there already. */
export async function prepareDataset(loc: DatabaseLocation, scale: string, options: GenerateDatasetOptions, log: (line: string) => void): Promise<PreparedDataset> {
  await migrate(loc);
  const fingerprint = datasetFingerprint(options);
  const reference = await referenceSchema(loc);
  const conn = await openLoadConnection(loc);
  try {
    await conn.query(
      `CREATE TABLE IF NOT EXISTS \`${MARKER_TABLE}\` (seed BIGINT NOT NULL, scale VARCHAR(16) NOT NULL, fingerprint CHAR(64) NOT NULL, \`rows\` TEXT NOT NULL, loaded_at DATETIME(3) NOT NULL) ENGINE=InnoDB`,
    );
    const [markers] = (await conn.query(`SELECT seed, scale, fingerprint, \`rows\` FROM \`${MARKER_TABLE}\``)) as unknown as [
      Array<{ seed: number | string; scale: string; fingerprint: string; rows: string }>,
    ];
    const marker = markers[0];
    if (markers.length === 1 && marker && Number(marker.seed) === options.seed && marker.scale === scale && marker.fingerprint === fingerprint) {
      assertSameSchema(reference.schema, await schemaSnapshot(conn, [...reference.schema.keys()]));
      log(`dataset seed=${options.seed} scale=${scale} already loaded; skipping the load`);
      return { loaded: false, rows: JSON.parse(marker.rows) as Record<string, number>, load: undefined, fingerprint };
    }
    await conn.query(`DELETE FROM \`${MARKER_TABLE}\``);
    log(`loading dataset seed=${options.seed} scale=${scale} (${options.customers} customers)`);
    const load = await bulkLoadDataset(loc, options, reference, log);
    await conn.query(`INSERT INTO \`${MARKER_TABLE}\` (seed, scale, fingerprint, \`rows\`, loaded_at) VALUES (?, ?, ?, ?, NOW(3))`, [
      options.seed,
      scale,
      fingerprint,
      JSON.stringify(load.rows),
    ]);
    log(`dataset loaded in ${load.totalSeconds.toFixed(1)} s (rows ${load.loadSeconds.toFixed(1)} s, indexes ${load.indexSeconds.toFixed(1)} s)`);
    return { loaded: true, rows: load.rows, load, fingerprint };
  } finally {
    await conn.end();
  }
}

/** Removes every saved segment, so each run creates its workload afresh. */
export async function clearSegments(loc: DatabaseLocation): Promise<void> {
  const conn = await openLoadConnection(loc);
  try {
    for (const table of ["segment_references", "segment_versions", "segments"]) await conn.query(`DELETE FROM \`${table}\``);
  } finally {
    await conn.end();
  }
}

/**
 * Raises the InnoDB buffer pool to `mib` when it is smaller (0: leave it). The server keeps
 * the size until it restarts. Returns the sizes before and after, bytes.
 */
export async function ensureBufferPool(loc: DatabaseLocation, mib: number): Promise<{ before: number; after: number }> {
  const conn = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password });
  try {
    const size = async (): Promise<number> => {
      const [rows] = (await conn.query("SELECT @@GLOBAL.innodb_buffer_pool_size AS v")) as unknown as [Array<{ v: number | string }>];
      return Number(rows[0]?.v);
    };
    const before = await size();
    if (mib > 0 && before < mib * 1024 * 1024) {
      await conn.query(`SET GLOBAL innodb_buffer_pool_size = ${Math.floor(mib) * 1024 * 1024}`);
      for (let i = 0; i < 120 && (await resizeInProgress(conn)); i++) await new Promise((r) => setTimeout(r, 500));
    }
    return { before, after: await size() };
  } finally {
    await conn.end();
  }
}

async function resizeInProgress(conn: Connection): Promise<boolean> {
  const [rows] = (await conn.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'")) as unknown as [Array<{ Value: string }>];
  const status = rows[0]?.Value ?? "";
  return status !== "" && !/completed|finished/i.test(status);
}

async function migrate(loc: DatabaseLocation): Promise<void> {
  await ensureDatabase(loc);
  const knex = openKnex(loc, 1);
  try {
    await migrateLatest(knex);
  } finally {
    await knex.destroy();
  }
}

/** Migrates a scratch database and reads the billing tables' definitions and indexes from it. */
async function referenceSchema(loc: DatabaseLocation): Promise<{ schema: Map<string, string>; indexes: Map<string, IndexDefinition[]> }> {
  const ref: DatabaseLocation = { ...loc, database: `${loc.database}_schema_ref` };
  const dropRef = async (): Promise<void> => {
    const root = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password });
    await root.query(`DROP DATABASE IF EXISTS \`${ref.database}\``);
    await root.end();
  };
  await dropRef();
  try {
    await migrate(ref);
    const conn = await openLoadConnection(ref);
    try {
      const tables = BILLING_TABLE_LOADS.map((t) => t.table);
      const indexes = new Map<string, IndexDefinition[]>();
      for (const table of tables) indexes.set(table, await readSecondaryIndexes(conn, table));
      return { schema: await schemaSnapshot(conn, tables), indexes };
    } finally {
      await conn.end();
    }
  } finally {
    await dropRef();
  }
}
