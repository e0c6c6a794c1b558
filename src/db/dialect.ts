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

/**
 * `EXPLAIN FORMAT=JSON` of a statement, with a server-side time limit when `timeoutMs` is set:
 * MariaDB wraps the whole EXPLAIN (`SET STATEMENT … FOR EXPLAIN …`), MySQL takes the hint inside
 * the SELECT being explained.
 */
export function explainWithTimeLimit(sql: string, timeoutMs: number | undefined, dialect: DialectName): string {
  if (timeoutMs === undefined) return `EXPLAIN FORMAT=JSON ${sql}`;
  switch (dialect) {
    case "mariadb":
      return withStatementTimeLimit(`EXPLAIN FORMAT=JSON ${sql}`, timeoutMs, dialect);
    case "mysql":
      return `EXPLAIN FORMAT=JSON ${withStatementTimeLimit(sql, timeoutMs, dialect)}`;
    default: {
      const impossible: never = dialect;
      throw new Error(`unknown dialect ${String(impossible)}`);
    }
  }
}

/**
 * Error numbers of a statement the server ended at its time limit: MariaDB 1969
 * (`max_statement_time` exceeded), MySQL 3024 (`MAX_EXECUTION_TIME` exceeded).
 */
const STATEMENT_TIMEOUT_ERRNOS: ReadonlySet<number> = new Set([1969, 3024]);

/** Whether `errno` says the server ended the statement at its time limit (either dialect). */
export function isStatementTimeout(errno: number | undefined): boolean {
  return errno !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(errno);
}

/** Error number of a statement ended by `KILL QUERY` (ER_QUERY_INTERRUPTED, both dialects). */
export const QUERY_INTERRUPTED_ERRNO = 1317;

/**
 * Warning codes that mean a result may be wrong: MariaDB turns a regex engine failure (PCRE2
 * backtracking or depth limit, 1139) into "no match" with a warning.
 */
const RESULT_CHANGING_REGEX_WARNINGS: ReadonlySet<number> = new Set([1139]);

/** Whether a `SHOW WARNINGS` code says a regex could not be evaluated (its result is wrong). */
export function isRegexFailureWarning(code: number): boolean {
  return RESULT_CHANGING_REGEX_WARNINGS.has(code);
}

/**
 * The statement that stops the running statement of connection `threadId` (the connection
 * stays), or, with `"connection"`, ends the connection itself. The same on MariaDB and MySQL 8;
 * the id is a number checked here, never request text.
 */
export function killStatement(threadId: number, what: "query" | "connection"): string {
  if (!Number.isSafeInteger(threadId) || threadId <= 0) throw new RangeError(`connection id must be a positive integer, got ${threadId}`);
  switch (what) {
    case "query":
      return `KILL QUERY ${threadId}`;
    case "connection":
      return `KILL CONNECTION ${threadId}`;
    default: {
      const impossible: never = what;
      throw new Error(`unknown kill target ${String(impossible)}`);
    }
  }
}
