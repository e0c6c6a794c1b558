/**
 * The MariaDB side of the property tests: a database with the billing schema holding one
 * generated dataset, and a runner for compiled plans.
 */
import type { Knex } from "knex";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { generateDataset, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { loadDataset } from "../../src/datagen/load-dataset.js";
import type { Dataset } from "../../src/datagen/dataset.js";
import type { SqlPlan } from "../../src/compile/sql-plan.js";
import { buildUniverse, type PredicateUniverse } from "./predicate-universe.js";

/** A loaded database and the dataset in it. */
export interface PropertyDatabase {
  readonly knex: Knex;
  readonly dataset: Dataset;
  readonly universe: PredicateUniverse;
  readonly allIds: ReadonlySet<number>;
  close(): Promise<void>;
}

/** The dataset of the property tests: small enough to load in a second, rich enough to be selective. */
export function propertyDatasetOptions(env: NodeJS.ProcessEnv = process.env): GenerateDatasetOptions {
  return {
    seed: Number(env["DATASET_SEED"] ?? 20250331),
    customers: Number(env["DATASET_CUSTOMERS"] ?? 400),
    invoicesPerCustomer: 5,
    subscriptionsPerCustomer: 2,
    verificationsPerCustomer: 1.5,
  };
}

/** Creates (if needed) and migrates `database`, then replaces its billing data with `dataset`. */
export async function openPropertyDatabase(database: string, dataset: Dataset): Promise<PropertyDatabase> {
  const loc = { host: process.env["DB_HOST"] ?? "127.0.0.1", port: Number(process.env["DB_PORT"] ?? 3306), user: "root", password: "", database };
  await ensureDatabase(loc);
  const knex = openKnex(loc, 2);
  await migrateLatest(knex);
  await loadDataset(knex, dataset);
  return {
    knex,
    dataset,
    universe: buildUniverse(dataset),
    allIds: new Set(dataset.customers.map((c) => c.id)),
    close: () => knex.destroy(),
  };
}

/** Generates the property dataset and loads it. */
export async function openDefaultPropertyDatabase(database: string): Promise<PropertyDatabase> {
  return openPropertyDatabase(database, generateDataset(propertyDatasetOptions()));
}

/** Runs a compiled plan and returns its rows. */
export async function runPlan(knex: Knex, plan: SqlPlan): Promise<Array<Record<string, unknown>>> {
  const [rows] = (await knex.raw(plan.sql, [...plan.bindings])) as [Array<Record<string, unknown>>];
  return rows;
}
