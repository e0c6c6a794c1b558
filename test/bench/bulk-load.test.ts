/**
 * The benchmark's bulk loader (LOAD DATA LOCAL INFILE with secondary indexes rebuilt) must leave
 * exactly what the row-by-row loader of src/datagen leaves: the same rows, byte for byte, and
 * the migrations' schema; and a second preparation of the same dataset must skip the load.
 */
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, openKnex, type DatabaseLocation } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { generateDataset, type GenerateDatasetOptions } from "../../src/datagen/generate-dataset.js";
import { loadDataset } from "../../src/datagen/load-dataset.js";
import { prepareDataset, type PreparedDataset } from "../../bench/load/prepare-dataset.js";
import { schemaSnapshot } from "../../bench/load/secondary-indexes.js";
import { testDatabaseLocation } from "../support/test-database.js";

const BULK = testDatabaseLocation("segments_test_bench_bulk");
const ROWS = testDatabaseLocation("segments_test_bench_rows");
const OPTIONS: GenerateDatasetOptions = { seed: 91, customers: 400, subscriptionsPerCustomer: 2.27, invoicesPerCustomer: 9.1 };

const TABLES: ReadonlyArray<readonly [string, string]> = [
  ["customers", "id"],
  ["custom_field_definitions", "id"],
  ["subscriptions", "id"],
  ["invoices", "id"],
  ["wallets", "id"],
  ["verifications", "id"],
  ["custom_field_values", "customer_id, field_id"],
];

async function dropDatabase(loc: DatabaseLocation): Promise<void> {
  const conn = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password });
  await conn.query(`DROP DATABASE IF EXISTS \`${loc.database}\``);
  await conn.end();
}

/** Every row of a table with every column as raw bytes, so no driver conversion can hide a difference. */
async function rawRows(conn: mysql.Connection, table: string, order: string): Promise<string[]> {
  const [columns] = (await conn.query(`SHOW COLUMNS FROM \`${table}\``)) as unknown as [Array<{ Field: string }>];
  const hex = columns.map((c) => `IFNULL(HEX(\`${c.Field}\`), 'NULL')`).join(", '|', ");
  const [rows] = (await conn.query(`SELECT CONCAT(${hex}) AS r FROM \`${table}\` ORDER BY ${order}`)) as unknown as [Array<{ r: string }>];
  return rows.map((row) => row.r);
}

describe("bench bulk loader", () => {
  let first: PreparedDataset;
  let bulk: mysql.Connection;
  let rows: mysql.Connection;

  beforeAll(async () => {
    await dropDatabase(BULK);
    await dropDatabase(ROWS);
    first = await prepareDataset(BULK, "smoke", OPTIONS, () => undefined);

    await ensureDatabase(ROWS);
    const knex = openKnex(ROWS, 2);
    await migrateLatest(knex);
    await loadDataset(knex, generateDataset(OPTIONS));
    await knex.destroy();

    bulk = await mysql.createConnection({ host: BULK.host, port: BULK.port, user: BULK.user, database: BULK.database });
    rows = await mysql.createConnection({ host: ROWS.host, port: ROWS.port, user: ROWS.user, database: ROWS.database });
  }, 120_000);

  afterAll(async () => {
    await bulk?.end();
    await rows?.end();
  });

  it("loads this run and counts the generated rows", () => {
    const generated = generateDataset(OPTIONS);
    expect(first.loaded).toBe(true);
    expect(first.rows).toEqual({
      customers: generated.customers.length,
      custom_field_definitions: generated.customFieldDefinitions.length,
      subscriptions: generated.subscriptions.length,
      invoices: generated.invoices.length,
      wallets: generated.wallets.length,
      verifications: generated.verifications.length,
      custom_field_values: generated.customFieldValues.length,
    });
  });

  it.each(TABLES)("leaves %s byte-identical to the row-by-row loader", async (table, order) => {
    const expected = await rawRows(rows, table, order);
    expect(expected.length).toBeGreaterThan(0);
    expect(await rawRows(bulk, table, order)).toEqual(expected);
  });

  it("ends with the schema the migrations create, every secondary index back", async () => {
    const tables = TABLES.map(([t]) => t);
    expect(await schemaSnapshot(bulk, tables)).toEqual(await schemaSnapshot(rows, tables));
  });

  it("skips the load when the same seed and scale are already loaded, and reloads for another seed", async () => {
    const again = await prepareDataset(BULK, "smoke", OPTIONS, () => undefined);
    expect(again.loaded).toBe(false);
    expect(again.rows).toEqual(first.rows);
    const other = await prepareDataset(BULK, "smoke", { ...OPTIONS, seed: 92, customers: 50 }, () => undefined);
    expect(other.loaded).toBe(true);
    expect(other.rows["customers"]).toBe(50);
  }, 60_000);
});
