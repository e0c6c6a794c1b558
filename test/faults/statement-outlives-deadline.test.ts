/**
 * A statement that outlives its deadline never holds a pool connection hostage: the call ends at
 * its deadline, the statement is killed (`KILL QUERY`), and when that does not end it within the
 * bound, its connection is killed (`KILL CONNECTION`) and the pool replaces it. Sleeps and lock
 * waits (row locks, metadata locks) past deadlines, on a private MariaDB, through the query runner
 * with a pool of ONE connection, so any connection kept would block the next statement. Each case
 * checks SHOW PROCESSLIST: nothing is left behind.
 */
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, openControlConnection, openKnex, parseDatabaseUrl } from "../../src/db/connect.js";
import { StatementKiller } from "../../src/db/statement-killer.js";
import { UserError } from "../../src/errors/user-error.js";
import { QueryRunner } from "../../src/evaluation/query-runner.js";
import { createPrivateMariaDb, type PrivateMariaDb } from "../support/private-mariadb.js";

let db: PrivateMariaDb;
let knex: Knex;
let other: Knex;
let killer: StatementKiller;
let runner: QueryRunner;

beforeAll(async () => {
  db = await createPrivateMariaDb();
  await db.start();
  const location = parseDatabaseUrl(db.url("segments_outlives_deadline"));
  await ensureDatabase(location);
  knex = openKnex(location, 1);
  other = openKnex(location, 4);
  await other.raw("CREATE TABLE locked (id INT PRIMARY KEY, v INT) ENGINE=InnoDB");
  await other.raw("INSERT INTO locked VALUES (1, 1)");
  killer = new StatementKiller({ open: () => openControlConnection(location) });
  runner = new QueryRunner(knex, "mariadb", { killer });
}, 60_000);

afterAll(async () => {
  killer?.close();
  await knex?.destroy();
  await other?.destroy();
  await db?.dispose();
});

/** Statements of the test database still in the server's process list, other than this query. */
async function leftBehind(): Promise<string[]> {
  const [rows] = (await other.raw(
    "SELECT COMMAND, STATE, INFO FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND <> 'Sleep'",
  )) as [{ COMMAND: string; STATE: string; INFO: string | null }[]];
  return rows.map((r) => `${r.COMMAND} ${r.STATE} ${r.INFO ?? ""}`);
}

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `sql` with a deadline of `deadlineMs` (and no server-side limit); returns the error code and how long it took. */
async function pastDeadline(sql: string, deadlineMs: number, on: QueryRunner = runner): Promise<{ code: string; ms: number }> {
  const started = Date.now();
  try {
    await on.all({ sql, bindings: [] }, { signal: AbortSignal.timeout(deadlineMs), timeoutMs: 0, checkWarnings: false });
    return { code: "ok", ms: Date.now() - started };
  } catch (err) {
    return { code: err instanceof UserError ? err.code : String(err), ms: Date.now() - started };
  }
}

describe("a statement past its deadline", () => {
  it("sleeping: the call ends at its deadline, KILL QUERY ends the statement, and the one pool connection serves the next call", async () => {
    for (let i = 0; i < 3; i++) {
      const r = await pastDeadline("SELECT SLEEP(30) AS s", 300);
      expect(r.code).toBe("deadline_exceeded");
      expect(r.ms).toBeLessThan(1500);
    }
    await eventually(async () => (await leftBehind()).length === 0, 1000);
    expect(await runner.all({ sql: "SELECT 1 AS one", bindings: [] }, { signal: new AbortController().signal, timeoutMs: 1000, checkWarnings: false })).toEqual([{ one: 1 }]);
  }, 30_000);

  it("waiting for a row lock held by another transaction: ended at its deadline, nothing left waiting", async () => {
    const holder = await other.transaction();
    try {
      await holder.raw("SELECT * FROM locked WHERE id = 1 FOR UPDATE");
      const r = await pastDeadline("SELECT * FROM locked WHERE id = 1 FOR UPDATE", 300);
      expect(r.code).toBe("deadline_exceeded");
      expect(r.ms).toBeLessThan(1500);
      await eventually(async () => (await leftBehind()).length === 0, 1000);
    } finally {
      await holder.rollback();
    }
  }, 30_000);

  it("waiting for a metadata lock (LOCK TABLES … WRITE elsewhere): ended at its deadline, nothing left waiting", async () => {
    const conn = await other.client.acquireConnection();
    const raw = (sql: string) => new Promise<void>((resolve, reject) => conn.query(sql, (err: Error | null) => (err ? reject(err) : resolve())));
    try {
      await raw("LOCK TABLES locked WRITE");
      const r = await pastDeadline("SELECT v FROM locked", 300);
      expect(r.code).toBe("deadline_exceeded");
      expect(r.ms).toBeLessThan(1500);
      await eventually(async () => (await leftBehind()).length === 0, 1000);
    } finally {
      await raw("UNLOCK TABLES");
      await other.client.releaseConnection(conn);
    }
    expect(await runner.all({ sql: "SELECT v FROM locked", bindings: [] }, { signal: new AbortController().signal, timeoutMs: 1000, checkWarnings: false })).toEqual([{ v: 1 }]);
  }, 30_000);

  it("when KILL QUERY does not end it within the bound, KILL CONNECTION ends it and the pool replaces the connection", async () => {
    // The database is real; only KILL QUERY is made ineffective (acknowledged, nothing sent), as
    // it is for a statement stuck inside one row's regex backtracking.
    class IneffectiveKillQuery extends StatementKiller {
      override kill(threadId: number, what: "query" | "connection"): Promise<boolean> {
        return what === "query" ? Promise.resolve(true) : super.kill(threadId, what);
      }
    }
    const stubborn = new IneffectiveKillQuery({ open: () => openControlConnection(parseDatabaseUrl(db.url("segments_outlives_deadline"))) });
    const escalating = new QueryRunner(knex, "mariadb", { killer: stubborn, killGraceMs: 1000 });
    try {
      const r = await pastDeadline("SELECT SLEEP(30) AS s", 300, escalating);
      expect(r.code).toBe("deadline_exceeded");
      expect(r.ms).toBeLessThan(1500);
      expect(escalating.statementsStopping).toBe(1);
      // Still sleeping: KILL QUERY did nothing.
      expect((await leftBehind()).some((s) => s.includes("SLEEP"))).toBe(true);
      await eventually(async () => escalating.statementsStopping === 0, 3000);
      await eventually(async () => (await leftBehind()).length === 0, 1000);
      const next = Date.now();
      expect(await escalating.all({ sql: "SELECT 2 AS two", bindings: [] }, { signal: new AbortController().signal, timeoutMs: 1000, checkWarnings: false })).toEqual([{ two: 2 }]);
      expect(Date.now() - next).toBeLessThan(1000);
    } finally {
      stubborn.close();
    }
  }, 30_000);
});
