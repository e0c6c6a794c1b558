/**
 * Opens knex over mysql2. Sessions run in UTC and DATETIME values come back as strings, so no
 * time zone of this process or of the server ever shifts an instant.
 */
import knexFactory, { type Knex } from "knex";
import { createConnection } from "mysql2";
import mysql from "mysql2/promise";
import { guardAgainstLateErrors } from "./late-connection-errors.js";

/** Parts of a mysql:// URL. */
export interface DatabaseLocation {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

/** Parses `mysql://user:password@host:port/database`. */
export function parseDatabaseUrl(url: string): DatabaseLocation {
  const u = new URL(url);
  if (u.protocol !== "mysql:" && u.protocol !== "mariadb:") {
    throw new Error(`DATABASE_URL must start with mysql://, got ${u.protocol}`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`DATABASE_URL needs a database name of [A-Za-z0-9_], got ${JSON.stringify(database)}`);
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || "root"),
    password: decodeURIComponent(u.password),
    database,
  };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(loc: DatabaseLocation): Promise<void> {
  const conn = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${loc.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await conn.end();
  }
}

/**
 * Opens a knex instance with a pool of at most `poolMax` connections. `onLateError` receives
 * driver errors that arrive on a connection after it left the pool (they never go unhandled).
 */
export function openKnex(loc: DatabaseLocation, poolMax = 16, onLateError: (err: Error) => void = () => undefined): Knex {
  return knexFactory({
    client: "mysql2",
    connection: {
      host: loc.host,
      port: loc.port,
      user: loc.user,
      password: loc.password,
      database: loc.database,
      timezone: "Z",
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      charset: "utf8mb4",
    },
    pool: {
      min: 0,
      max: poolMax,
      afterCreate: (
        conn: Parameters<typeof guardAgainstLateErrors>[0] & { query: (sql: string, cb: (err: Error | null) => void) => void },
        done: (err: Error | null, conn: unknown) => void,
      ) => {
        guardAgainstLateErrors(conn, onLateError);
        // Binary collation for literals too (MariaDB compares BETWEEN bounds in the connection
        // collation), UTC sessions, and backslashes in bound values must stay escapes (regex patterns travel as
        // bindings that mysql2 escapes client-side), so NO_BACKSLASH_ESCAPES is switched off.
        conn.query("SET NAMES utf8mb4 COLLATE utf8mb4_bin, time_zone = '+00:00', sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')", (err) => done(err, conn));
      },
    },
  });
}

/**
 * A connection of its own outside the pool, for control statements such as `KILL QUERY` (see
 * statement-killer.ts). Connecting gives up after `connectTimeoutMs`; errors go to its `error`
 * event, which the caller listens to.
 */
export function openControlConnection(loc: DatabaseLocation, connectTimeoutMs = 1000): ReturnType<typeof createConnection> {
  return createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password, connectTimeout: connectTimeoutMs });
}
