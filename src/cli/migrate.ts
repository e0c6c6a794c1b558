/** `make migrate`: creates the database if needed and applies pending migrations. */
import { loadConfigOrExit } from "../config/load-config-or-exit.js";
import { ensureDatabase, openKnex, parseDatabaseUrl } from "../db/connect.js";
import { migrateLatest } from "../db/migration-source.js";

const config = loadConfigOrExit();
const loc = parseDatabaseUrl(config.databaseUrl);
await ensureDatabase(loc);
const knex = openKnex(loc, 2);
try {
  await migrateLatest(knex);
  console.log(`migrated ${loc.database}`);
} finally {
  await knex.destroy();
}
