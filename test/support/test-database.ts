/**
 * Where test databases live: the server of DATABASE_URL (or the local default), each test file
 * group under its own name `segments_test_<purpose>` plus TEST_DATABASE_SUFFIX (letters, digits,
 * `_`), so two checkouts can run their suites against one database server at the same time.
 */
import { type DatabaseLocation, parseDatabaseUrl } from "../../src/db/connect.js";

const SUFFIX = process.env["TEST_DATABASE_SUFFIX"] ?? "";
if (!/^[A-Za-z0-9_]*$/.test(SUFFIX)) throw new Error(`TEST_DATABASE_SUFFIX may hold only letters, digits and _, got ${JSON.stringify(SUFFIX)}`);

/** The database a test uses for `base`. */
export function testDatabaseName(base: string): string {
  return base + SUFFIX;
}

/** The location of the test database for `base`. */
export function testDatabaseLocation(base: string): DatabaseLocation {
  const server = parseDatabaseUrl(process.env["DATABASE_URL"] || "mysql://root@127.0.0.1:3306/segments");
  return { ...server, database: testDatabaseName(base) };
}

/** The location as a mysql:// URL (for a service or a child process). */
export function testDatabaseUrl(base: string): string {
  const { host, port, user, password, database } = testDatabaseLocation(base);
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user);
  return `mysql://${auth}@${host}:${port}/${database}`;
}
