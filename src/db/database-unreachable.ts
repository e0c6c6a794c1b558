/**
 * Recognises driver and pool errors that mean the database cannot be reached right now (refused,
 * reset or lost connections, a server shutting down, no pool connection to be had), as opposed to
 * an error of the statement itself. Callers see these as a retryable UNAVAILABLE.
 */

/** Node socket and mysql2 protocol codes of a connection that failed or went away. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR",
  "PROTOCOL_ENQUEUE_AFTER_QUIT",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
]);

/**
 * MySQL/MariaDB error numbers of the same: 1040 too many connections, 1053 server shutdown,
 * 1927 connection killed, 2002/2003 cannot connect, 2006 server gone away, 2013 lost connection.
 */
const UNREACHABLE_ERRNOS = new Set([1040, 1053, 1927, 2002, 2003, 2006, 2013]);

/** Whether `err` (or an error it wraps) says the database is unreachable. */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; typeof e === "object" && e !== null && depth < 5; depth++) {
    const { code, errno, name, fatal } = e as { code?: unknown; errno?: unknown; name?: unknown; fatal?: unknown };
    if (typeof code === "string" && UNREACHABLE_CODES.has(code)) return true;
    if (typeof errno === "number" && UNREACHABLE_ERRNOS.has(errno)) return true;
    // knex: no pool connection within acquireConnectionTimeout (every connect attempt failing).
    if (name === "KnexTimeoutError") return true;
    // mysql2 marks errors after which the connection is dead; a statement error is never fatal.
    if (fatal === true && typeof code === "string" && code.startsWith("PROTOCOL_")) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
