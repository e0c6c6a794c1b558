/**
 * The raw baseline: a plain mysql2 pool running hand-written SQL, with the same session settings
 * and pool size as the service (src/db/connect.ts), and the same text protocol.
 */
import mysql, { type Pool } from "mysql2/promise";
import type { DatabaseLocation } from "../../src/db/connect.js";

/** The service's DB_POOL_MAX default, so both sides have as many connections. */
export const RAW_POOL_SIZE = 16;

/** Opens the baseline pool on `loc`. */
export function openRawPool(loc: DatabaseLocation, connections = RAW_POOL_SIZE): Pool {
  const pool = mysql.createPool({
    host: loc.host,
    port: loc.port,
    user: loc.user,
    password: loc.password,
    database: loc.database,
    connectionLimit: connections,
    dateStrings: true,
    supportBigNumbers: true,
    charset: "utf8mb4_bin",
  });
  pool.on("connection", (conn) => {
    // The service's session: binary collation for literals, UTC, backslash escapes on.
    conn.query("SET NAMES utf8mb4 COLLATE utf8mb4_bin, time_zone = '+00:00', sql_mode = REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
  });
  return pool;
}

/** Opens every connection of the pool now, so no measure pays for connecting. */
export async function warmPool(pool: Pool, connections = RAW_POOL_SIZE): Promise<void> {
  const held = await Promise.all(Array.from({ length: connections }, () => pool.getConnection()));
  await Promise.all(held.map((c) => c.query("SELECT 1")));
  held.forEach((c) => c.release());
}
