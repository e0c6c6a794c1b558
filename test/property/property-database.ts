/**
 * The MariaDB side of the property tests: a database with the billing schema holding one
 * generated dataset, and a runner for compiled plans.
 */
import type { Knex } from "knex";
import mysql from "mysql2/promise";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { generateDataset, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { loadDataset } from "../../src/datagen/load-dataset.js";
import type { Dataset } from "../../src/datagen/dataset.js";
import type { SqlPlan } from "../../src/compile/sql-plan.js";
import { testDatabaseLocation } from "../support/test-database.js";
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

/** How long a run waits for another run of the same tests to release the database. */
const LEASE_WAIT_SECONDS = 600;

/**
 * Holds a server-side named lock on a dedicated connection until released. Another process
 * running the same test file (a full-suite run next to a focused one) would otherwise
 * truncate and reload the tables in the middle of this run's queries.
 */
export async function leaseDatabase(loc: { host: string; port: number; user: string; password: string }, database: string): Promise<() => Promise<void>> {
  const conn = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password });
  try {
    const [rows] = (await conn.query("SELECT GET_LOCK(?, ?) AS got", [`kontorion-test-lease:${database}`, LEASE_WAIT_SECONDS])) as unknown as [Array<{ got: number | null }>];
    if (rows[0]?.got !== 1) throw new Error(`could not lease test database ${database} within ${LEASE_WAIT_SECONDS}s`);
  } catch (err) {
    await conn.end();
    throw err;
  }
  return async () => {
    await conn.end();
  };
}

/**
 * Creates (if needed) and migrates `database`, leases it for this process, then replaces its
 * billing data with `dataset`. `close()` gives the lease back.
 */
export async function openPropertyDatabase(name: string, dataset: Dataset): Promise<PropertyDatabase> {
  const loc = testDatabaseLocation(name);
  await ensureDatabase(loc);
  const release = await leaseDatabase(loc, loc.database);
  const knex = openKnex(loc, 2);
  try {
    await migrateLatest(knex);
    await loadDataset(knex, dataset);
  } catch (err) {
    await knex.destroy();
    await release();
    throw err;
  }
  return {
    knex,
    dataset,
    universe: buildUniverse(dataset),
    allIds: new Set(dataset.customers.map((c) => c.id)),
    close: async () => {
      await knex.destroy();
      await release();
    },
  };
}

/** Replaces the data of an open property database (keeping its lease). */
export async function reloadPropertyDatabase(db: PropertyDatabase, dataset: Dataset): Promise<PropertyDatabase> {
  await loadDataset(db.knex, dataset);
  return { ...db, dataset, universe: buildUniverse(dataset), allIds: new Set(dataset.customers.map((c) => c.id)) };
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
