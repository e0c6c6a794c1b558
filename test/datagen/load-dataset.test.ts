import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Knex } from "knex";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { generateDataset, generateDatasetChunks } from "../../src/datagen/generate-dataset.js";
import { loadDataset, loadDatasetChunks } from "../../src/datagen/load-dataset.js";
import { formatSqlDatetime, parseSqlDatetime } from "../../src/datagen/sql-datetime.js";
import type { Dataset } from "../../src/datagen/dataset.js";
import { leaseDatabase } from "../property/property-database.js";
import { testDatabaseLocation } from "../support/test-database.js";

const TIME_COLUMNS = new Set([
  "created_at", "updated_at", "started_at", "trial_end", "current_period_end", "canceled_at", "issued_at", "due_at", "paid_at",
  "verified_at", "timestamp_value",
]);
const BOOL_COLUMNS = new Set(["tax_exempt", "bool_value"]);

/** Reads a table back into the generator's row shape. */
async function readTable(knex: Knex, table: string, order: string): Promise<Array<Record<string, unknown>>> {
  const [rows] = (await knex.raw(`SELECT * FROM \`${table}\` ORDER BY ${order}`)) as [Array<Record<string, unknown>>];
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => {
        if (v === null) return [k, null];
        if (TIME_COLUMNS.has(k)) return [k, parseSqlDatetime(v as string)];
        if (BOOL_COLUMNS.has(k)) return [k, v === 1];
        if (k === "options") return [k, typeof v === "string" ? JSON.parse(v) : v];
        return [k, v];
      }),
    ),
  );
}

async function readDataset(knex: Knex): Promise<Dataset> {
  return {
    customers: (await readTable(knex, "customers", "id")) as never,
    subscriptions: (await readTable(knex, "subscriptions", "id")) as never,
    invoices: (await readTable(knex, "invoices", "id")) as never,
    wallets: (await readTable(knex, "wallets", "id")) as never,
    verifications: (await readTable(knex, "verifications", "id")) as never,
    customFieldDefinitions: (await readTable(knex, "custom_field_definitions", "id")) as never,
    customFieldValues: (await readTable(knex, "custom_field_values", "customer_id, field_id")) as never,
  };
}

function sorted(data: Dataset): Dataset {
  const byId = <T extends { id: number }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.id - b.id);
  return {
    ...data,
    subscriptions: byId(data.subscriptions),
    invoices: byId(data.invoices),
    wallets: byId(data.wallets),
    verifications: byId(data.verifications),
    customFieldValues: [...data.customFieldValues].sort((a, b) => a.customer_id - b.customer_id || a.field_id - b.field_id),
  };
}

describe("sql datetime text", () => {
  it.each([
    [Date.UTC(2024, 1, 29, 23, 59, 59, 999), "2024-02-29 23:59:59.999"],
    [Date.UTC(2025, 0, 1), "2025-01-01 00:00:00.000"],
    [0, "1970-01-01 00:00:00.000"],
  ])("%i <-> %s", (ms, text) => {
    expect(formatSqlDatetime(ms)).toBe(text);
    expect(parseSqlDatetime(text)).toBe(ms);
  });

  it("rejects what DATETIME cannot hold", () => {
    expect(() => formatSqlDatetime(Date.UTC(10000, 0, 1))).toThrow();
    expect(() => formatSqlDatetime(1.5)).toThrow();
    expect(() => parseSqlDatetime("2024-02-29T00:00:00Z")).toThrow();
  });
});

describe("loadDataset on MariaDB", () => {
  let knex: Knex;
  let release: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const loc = testDatabaseLocation("segments_test_property_load");
    await ensureDatabase(loc);
    release = await leaseDatabase(loc, loc.database);
    knex = openKnex(loc, 2);
    await migrateLatest(knex);
  }, 660_000);
  afterAll(async () => {
    await knex?.destroy();
    await release?.();
  });

  it("stores every row exactly: unicode, trailing spaces, NULLs, times to the millisecond", async () => {
    const data = generateDataset({ seed: 11, customers: 400 });
    await loadDataset(knex, data);
    const [warnings] = (await knex.raw("SHOW WARNINGS")) as [unknown[]];
    expect(warnings).toEqual([]);
    expect(await readDataset(knex)).toEqual(sorted(data));
  }, 60_000);

  it("replaces the previous content and leaves foreign key checks on", async () => {
    await loadDataset(knex, generateDataset({ seed: 1, customers: 50 }));
    const small = generateDataset({ seed: 2, customers: 10 });
    await loadDataset(knex, small);
    expect(await readDataset(knex)).toEqual(sorted(small));
    // Every pooled connection must have checks back on: an orphan row is refused.
    const attempts = Array.from({ length: 4 }, () =>
      knex.raw("INSERT INTO invoices (customer_id, number, status, total, amount_due, currency, issued_at) VALUES (999999, 'X', 'paid', 0, 0, 'EUR', NOW())"),
    );
    for (const result of await Promise.allSettled(attempts)) expect(result.status).toBe("rejected");
  }, 60_000);

  it("loads chunks from the streaming generator", async () => {
    await loadDatasetChunks(knex, generateDatasetChunks({ seed: 5, customers: 120 }, 25));
    expect(await readDataset(knex)).toEqual(sorted(generateDataset({ seed: 5, customers: 120 })));
  }, 60_000);
});
