/**
 * A test database that is migrated and seeded once: seeding runs under a server-side named lock
 * (parallel test files never seed at the same time) and is skipped when the marker table already
 * holds the digest of the wanted data.
 */
import type { Knex } from "knex";
import mysql from "mysql2/promise";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { testDatabaseLocation } from "./test-database.js";

/** Opens `database`, running `seed` first unless data of the same `digest` is already loaded. */
export async function openSeededTestDb(database: string, digest: string, seed: (knex: Knex) => Promise<void>): Promise<Knex> {
  const loc = testDatabaseLocation(database);
  await ensureDatabase(loc);
  const knex = openKnex(loc, 4);
  const lock = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password, database: loc.database });
  try {
    await lock.query("SELECT GET_LOCK(?, 120)", [`${database}_seed`]);
    await migrateLatest(knex);
    if (!(await knex.schema.hasTable("test_fixture_digest"))) {
      await knex.schema.createTable("test_fixture_digest", (t) => t.string("digest", 200).notNullable());
    }
    const current = (await knex("test_fixture_digest").select("digest")) as { digest: string }[];
    if (current.length !== 1 || current[0]?.digest !== digest) {
      await seed(knex);
      await knex("test_fixture_digest").delete();
      await knex("test_fixture_digest").insert({ digest });
    }
  } finally {
    await lock.query("SELECT RELEASE_LOCK(?)", [`${database}_seed`]);
    await lock.end();
  }
  return knex;
}
