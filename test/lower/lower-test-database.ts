/**
 * The database of the lower/regex/catalog tests (`segments_test_lower`, or the URL in
 * LOWER_TEST_DATABASE_URL), created on first use.
 */
import type { Knex } from "knex";
import { ensureDatabase, openKnex, parseDatabaseUrl } from "../../src/db/connect.js";
import { testDatabaseLocation } from "../support/test-database.js";

const LOCATION = process.env["LOWER_TEST_DATABASE_URL"] ? parseDatabaseUrl(process.env["LOWER_TEST_DATABASE_URL"]) : testDatabaseLocation("segments_test_lower");

/** Opens knex on the test database, creating the database if needed. */
export async function openLowerTestDatabase(poolMax = 2): Promise<Knex> {
  const location = LOCATION;
  await ensureDatabase(location);
  return openKnex(location, poolMax);
}
