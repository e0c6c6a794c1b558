/**
 * A driver error arriving on a connection after knex disposed of it never goes unhandled (an
 * unhandled `error` event crashes the process: a killed regex statement's error did, 20 s after
 * its export was cancelled). Real knex pool, real MariaDB connections.
 */
import type { Knex } from "knex";
import { afterAll, describe, expect, it } from "vitest";
import { openKnex } from "../../src/db/connect.js";
import { testDatabaseLocation } from "../support/test-database.js";

type PooledConnection = NodeJS.EventEmitter;

const late: Error[] = [];
const knex: Knex = openKnex({ ...testDatabaseLocation("segments_test_late_errors"), database: "test" }, 2, (err) => late.push(err));

afterAll(async () => {
  await knex.destroy();
});

async function disposedConnection(): Promise<PooledConnection> {
  const conn = (await knex.client.acquireConnection()) as PooledConnection;
  await knex.client.releaseConnection(conn);
  // What the pool does to a connection it drops: end it, then remove every listener.
  await (knex.client as unknown as { destroyRawConnection(c: unknown): Promise<void> }).destroyRawConnection(conn);
  await new Promise((r) => setTimeout(r, 20));
  return conn;
}

describe("late driver errors", () => {
  it("are reported, not thrown, after knex removed every listener of the connection", async () => {
    const conn = await disposedConnection();
    expect(conn.listenerCount("error")).toBeGreaterThan(0);
    expect(() => conn.emit("error", new Error("killed statement, reported late"))).not.toThrow();
    expect(late.map((e) => e.message)).toContain("killed statement, reported late");
  });

  it("stay guarded when listeners of every event are removed more than once", async () => {
    const conn = await disposedConnection();
    conn.removeAllListeners();
    conn.removeAllListeners("error");
    expect(() => conn.emit("error", new Error("second"))).not.toThrow();
  });
});
