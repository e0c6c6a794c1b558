/**
 * The service and the raw baseline connect as two database accounts of their own, so the
 * database's per-account statistics (MariaDB `userstat`: statements and CPU time) say what
 * each side costs the database, whatever else runs on the server at the same time.
 */
import mysql from "mysql2/promise";
import type { DatabaseLocation } from "../../src/db/connect.js";

/** The two accounts (local to this machine, with a fixed password: they only reach the benchmark database). */
export const BENCH_ACCOUNTS = { service: "kontorion_bench_service", raw: "kontorion_bench_raw" } as const;
const PASSWORD = "bench";
const HOST = "127.0.0.1";

/** Database-side usage of one account since the server started (or userstat was turned on). */
export interface AccountUsage {
  readonly statements: number;
  readonly cpuSeconds: number;
  readonly busySeconds: number;
}

/** `loc` with the credentials of `account`. */
export function asAccount(loc: DatabaseLocation, account: string): DatabaseLocation {
  return { ...loc, user: account, password: PASSWORD };
}

/** The mysql:// URL of `loc`. */
export function databaseUrl(loc: DatabaseLocation): string {
  const auth = loc.password === "" ? encodeURIComponent(loc.user) : `${encodeURIComponent(loc.user)}:${encodeURIComponent(loc.password)}`;
  return `mysql://${auth}@${loc.host}:${loc.port}/${loc.database}`;
}

/** Creates the accounts with every privilege on the benchmark database, and turns `userstat` on. */
export async function ensureBenchAccounts(loc: DatabaseLocation): Promise<void> {
  const conn = await mysql.createConnection({ host: loc.host, port: loc.port, user: loc.user, password: loc.password });
  try {
    for (const account of Object.values(BENCH_ACCOUNTS)) {
      await conn.query("CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?", [account, HOST, PASSWORD]);
      await conn.query(`GRANT ALL PRIVILEGES ON \`${loc.database}\`.* TO ?@?`, [account, HOST]);
    }
    await conn.query("SET GLOBAL userstat = 1");
  } finally {
    await conn.end();
  }
}

/** Reads the usage of `account` (zero before its first statement). */
export async function accountUsage(query: (sql: string, values: unknown[]) => Promise<unknown>, account: string): Promise<AccountUsage> {
  const [rows] = (await query(
    "SELECT SELECT_COMMANDS + UPDATE_COMMANDS + OTHER_COMMANDS AS statements, CPU_TIME AS cpu, BUSY_TIME AS busy FROM information_schema.USER_STATISTICS WHERE USER = ?",
    [account],
  )) as [Array<{ statements: number | string; cpu: number | string; busy: number | string }>];
  const row = rows[0];
  return { statements: Number(row?.statements ?? 0), cpuSeconds: Number(row?.cpu ?? 0), busySeconds: Number(row?.busy ?? 0) };
}
