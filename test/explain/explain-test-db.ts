/**
 * The explain tests' own database (`segments_test_explain`): migrated and loaded once with a
 * generated dataset of a few thousand customers, then ANALYZEd so the optimizer's estimates
 * reflect it. Seeding runs under a server-side lock and is skipped when the loaded dataset is the
 * current one, so parallel test files share one load.
 */
import type { Knex } from "knex";
import type { DatabaseLocation } from "../../src/db/connect.js";
import { openSeededTestDb } from "../support/seeded-test-db.js";
import { testDatabaseLocation } from "../support/test-database.js";
import { generateDataset, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { loadDataset } from "../../src/datagen/load-dataset.js";
import { DATASET_TABLES } from "../../src/datagen/dataset.js";

const DATABASE = "segments_test_explain";
/** The loaded dataset: enough customers that a full scan is clearly worse than an index lookup. */
export const DATASET_OPTIONS: GenerateDatasetOptions = { seed: 20_250_331, customers: 3000 };

/** Where the explain tests' database lives. */
export function explainTestLocation(): DatabaseLocation {
  return testDatabaseLocation(DATABASE);
}

/** Opens the test database, loading and analyzing the dataset when it is missing or outdated. */
export async function openExplainTestDb(): Promise<Knex> {
  return openSeededTestDb(DATABASE, JSON.stringify(DATASET_OPTIONS), async (knex) => {
    await loadDataset(knex, generateDataset(DATASET_OPTIONS));
    for (const table of DATASET_TABLES) await knex.raw("ANALYZE TABLE ??", [table]);
  });
}
