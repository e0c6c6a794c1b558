/**
 * The database of the lower/regex/catalog tests (`segments_test_lower`, or the URL in
 * LOWER_TEST_DATABASE_URL), created on first use.
 */
import type { Knex } from "knex";
import { ensureDatabase, openKnex, parseDatabaseUrl } from "../../src/db/connect.js";

const URL = process.env["LOWER_TEST_DATABASE_URL"] ?? "mysql://root@127.0.0.1:3306/segments_test_lower";

/** Opens knex on the test database, creating the database if needed. */
export async function openLowerTestDatabase(poolMax = 2): Promise<Knex> {
  const location = parseDatabaseUrl(URL);
  await ensureDatabase(location);
  return openKnex(location, poolMax);
}
