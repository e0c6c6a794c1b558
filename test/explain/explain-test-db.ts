/**
 * The explain tests' own database (`segments_test_explain`): migrated and loaded once with a
 * generated dataset of a few thousand customers, then ANALYZEd so the optimizer's estimates
 * reflect it. Seeding runs under a server-side lock and is skipped when the loaded dataset is the
 * current one, so parallel test files share one load.
 */
import type { Knex } from "knex";
import mysql from "mysql2/promise";
import { type DatabaseLocation, ensureDatabase, openKnex, parseDatabaseUrl } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { generateDataset, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { loadDataset } from "../../src/datagen/load-dataset.js";
import { DATASET_TABLES } from "../../src/datagen/dataset.js";

const DATABASE = "segments_test_explain";
const MARKER_TABLE = "explain_test_fixture";

/** The loaded dataset: enough customers that a full scan is clearly worse than an index lookup. */
export const DATASET_OPTIONS: GenerateDatasetOptions = { seed: 20_250_331, customers: 3000 };

/** Where the explain tests' database lives. */
export function explainTestLocation(): DatabaseLocation {
  const base = parseDatabaseUrl(process.env["DATABASE_URL"] || "mysql://root@127.0.0.1:3306/segments");
  return { ...base, database: DATABASE };
}

/** Opens the test database, loading and analyzing the dataset when it is missing or outdated. */
export async function openExplainTestDb(): Promise<Knex> {
  const loc = explainTestLocation();
  await ensureDatabase(loc);
  const knex = openKnex(loc, 4);
  const lock = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password, database: loc.database });
  try {
    await lock.query("SELECT GET_LOCK(?, 120)", [`${DATABASE}_seed`]);
    await migrateLatest(knex);
    await seedIfOutdated(knex);
  } finally {
    await lock.query("SELECT RELEASE_LOCK(?)", [`${DATABASE}_seed`]);
    await lock.end();
  }
  return knex;
}

async function seedIfOutdated(knex: Knex): Promise<void> {
  const digest = JSON.stringify(DATASET_OPTIONS);
  if (!(await knex.schema.hasTable(MARKER_TABLE))) {
    await knex.schema.createTable(MARKER_TABLE, (t) => t.string("digest", 200).notNullable());
  }
  const current = (await knex(MARKER_TABLE).select("digest")) as { digest: string }[];
  if (current.length === 1 && current[0]?.digest === digest) return;
  await loadDataset(knex, generateDataset(DATASET_OPTIONS));
  for (const table of DATASET_TABLES) await knex.raw("ANALYZE TABLE ??", [table]);
  await knex(MARKER_TABLE).delete();
  await knex(MARKER_TABLE).insert({ digest });
}
