/**
 * The few places where MariaDB and MySQL 8 (and TiDB, which speaks MySQL) differ for this
 * service. Compiled predicate SQL is the same on all of them; what differs is how a statement
 * is given a time limit.
 */

/** Database families the service runs on. TiDB counts as `mysql`. */
export type DialectName = "mariadb" | "mysql";

/**
 * The dialect of a server from its `SELECT VERSION()` text: `10.11.19-MariaDB-0+deb12u1` (and the
 * `5.5.5-10.x-MariaDB` form some proxies report) → `mariadb`; `8.0.36`, `8.0.11-TiDB-v7.5.0` → `mysql`.
 */
export function detectDialect(versionString: string): DialectName {
  return /mariadb/i.test(versionString) ? "mariadb" : "mysql";
}

const LEADING_SELECT = /^(\s*)(select)\b/i;

/**
 * Wraps a statement so the server aborts it after `ms` milliseconds (rounded up to a whole
 * millisecond; must be positive).
 *
 * - MariaDB: `SET STATEMENT max_statement_time=<seconds> FOR <sql>` (seconds as a decimal).
 * - MySQL/TiDB: the optimizer hint `SELECT /*+ MAX_EXECUTION_TIME(ms) *\/ ...`, which the server
 *   honours only on SELECT; other statements are returned unchanged.
 *
 * The limit is formatted into the text because neither form accepts a placeholder; it is a
 * number checked here, never request text.
 */
export function withStatementTimeLimit(sql: string, ms: number, dialect: DialectName): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`statement time limit must be a positive number of milliseconds, got ${ms}`);
  }
  const wholeMs = Math.ceil(ms);
  switch (dialect) {
    case "mariadb":
      return `SET STATEMENT max_statement_time=${secondsText(wholeMs)} FOR ${sql}`;
    case "mysql":
      return sql.replace(LEADING_SELECT, (_all, space: string, keyword: string) => `${space}${keyword} /*+ MAX_EXECUTION_TIME(${wholeMs}) */`);
    default: {
      const impossible: never = dialect;
      throw new Error(`unknown dialect ${String(impossible)}`);
    }
  }
}

/** 1500 → `1.500`, 1 → `0.001`: exact decimal seconds without floating point. */
function secondsText(wholeMs: number): string {
  return `${Math.floor(wholeMs / 1000)}.${String(wholeMs % 1000).padStart(3, "0")}`;
}
