/**
 * Keeps a driver error from ever being unhandled. When knex disposes of a pooled connection it
 * removes every listener from it (`removeAllListeners`), yet mysql2 can still emit `error` on that
 * connection later: a killed statement's error, or a lost socket, arriving after the connection
 * left the pool. An `error` event without a listener crashes Node, so each connection keeps one
 * listener that survives the removal and reports such late errors instead.
 */

/** The part of a mysql2 connection this guard uses. */
interface EventedConnection {
  on(event: "error", listener: (err: Error) => void): unknown;
  removeAllListeners(event?: string | symbol): unknown;
}

/** Installs the surviving `error` listener on `conn`; `report` receives each late error. */
export function guardAgainstLateErrors(conn: EventedConnection, report: (err: Error) => void): void {
  const removeAll = conn.removeAllListeners.bind(conn);
  conn.on("error", report);
  conn.removeAllListeners = (event?: string | symbol) => {
    const result = event === undefined ? removeAll() : removeAll(event);
    if (event === undefined || event === "error") conn.on("error", report);
    return result;
  };
}
