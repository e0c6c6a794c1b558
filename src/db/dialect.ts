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
 * Most backtracking steps the regex engine may take on one value. MariaDB's PCRE2 counts calls
 * of its internal match function; past the limit it gives up on the value, answers "no match"
 * and raises warning 1139, which the executor turns into `FAILED_PRECONDITION`. Well above the
 * bound the pattern analysis (src/regex/regex-safety.ts) accepts on the longest column value, so
 * an accepted pattern never reaches it there; about 70 ms of one core on the reference machine.
 */
export const DEFAULT_REGEX_MATCH_LIMIT = 2_000_000;

/**
 * The pattern text given to `REGEXP`, bounded by the engine so that one value can never keep a
 * statement busy for long (a statement is only interrupted between rows):
 *
 * - MariaDB (PCRE2): prefixed with `(*LIMIT_MATCH=n)`, which can only lower the server's own limit.
 * - MySQL 8 (ICU): unchanged. ICU has no in-pattern limit; the server-wide `regexp_time_limit`
 *   bounds every match instead (see {@link regexTimeLimitStatement}) and fails the statement
 *   with error 3699 when exceeded.
 */
export function regexWithEngineLimit(anchoredPattern: string, dialect: DialectName, matchLimit = DEFAULT_REGEX_MATCH_LIMIT): string {
  if (!Number.isSafeInteger(matchLimit) || matchLimit <= 0) {
    throw new RangeError(`regex match limit must be a positive integer, got ${matchLimit}`);
  }
  switch (dialect) {
    case "mariadb":
      return `(*LIMIT_MATCH=${matchLimit})${anchoredPattern}`;
    case "mysql":
      return anchoredPattern;
    default: {
      const impossible: never = dialect;
      throw new Error(`unknown dialect ${String(impossible)}`);
    }
  }
}

/**
 * The statement that bounds the regex engine server-wide, for dialects without an in-pattern
 * limit; `undefined` where the pattern carries the limit itself. On MySQL 8 `regexp_time_limit`
 * (ICU match steps, default 32) is a global variable only (no session scope, no `SET_VAR` hint),
 * so it is for an operator, or a start-up step with `SYSTEM_VARIABLES_ADMIN`, to run.
 */
export function regexTimeLimitStatement(dialect: DialectName, steps: number): string | undefined {
  if (!Number.isSafeInteger(steps) || steps <= 0) {
    throw new RangeError(`regexp_time_limit must be a positive integer, got ${steps}`);
  }
  switch (dialect) {
    case "mariadb":
      return undefined;
    case "mysql":
      return `SET GLOBAL regexp_time_limit = ${steps}`;
    default: {
      const impossible: never = dialect;
      throw new Error(`unknown dialect ${String(impossible)}`);
    }
  }
}
