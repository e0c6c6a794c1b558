/**
 * Migrations as an in-code list, so they run the same from tsx, vitest and compiled output
 * without knex scanning a directory.
 */
import type { Knex } from "knex";
import * as billingSchema from "./migrations/0001-billing-schema.js";
import * as segmentStore from "./migrations/0002-segment-store.js";
import * as serviceSecrets from "./migrations/0003-service-secrets.js";
import * as apiCallers from "./migrations/0004-api-callers.js";

interface Migration {
  readonly up: (knex: Knex) => Promise<void>;
  readonly down: (knex: Knex) => Promise<void>;
}

const MIGRATIONS: ReadonlyArray<readonly [string, Migration]> = [
  ["0001-billing-schema", billingSchema],
  ["0002-segment-store", segmentStore],
  ["0003-service-secrets", serviceSecrets],
  ["0004-api-callers", apiCallers],
];

/** The knex migration source of this service. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => MIGRATIONS.map(([name]) => name),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return found[1];
  },
};

/** Applies every pending migration. */
export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource, tableName: "knex_migrations" });
}
