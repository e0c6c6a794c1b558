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
 * Deepest backtracking PCRE2 may keep on one value, which bounds its memory (a heap frame per
 * level, about 130 bytes for our capture-free patterns: some 13 MB). A value of 320 characters
 * needs at most one level per character and nested repetition (group nesting is at most 100),
 * so accepted patterns stay far below it on the values the schema holds.
 */
export const REGEX_DEPTH_LIMIT = 100_000;

/**
 * The pattern text given to `REGEXP`, bounded by the engine so that one value can never keep a
 * statement busy for long (a statement is only interrupted between rows):
 *
 * - MariaDB (PCRE2): prefixed with `(*LIMIT_MATCH=n)(*LIMIT_DEPTH=d)`, which can only lower the
 *   server's own limits; `d` is {@link REGEX_DEPTH_LIMIT}.
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
      return `(*LIMIT_MATCH=${matchLimit})(*LIMIT_DEPTH=${REGEX_DEPTH_LIMIT})${anchoredPattern}`;
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
