/**
 * An export whose database dies mid-statement ends within seconds with UNAVAILABLE, after its
 * last complete batch and that batch's cursor, and resuming from that cursor once the database is
 * back loses and duplicates nothing. Private MariaDB, killed with SIGKILL while the statement is
 * still producing rows (a slow predicate), in both states a stream can be in: flowing (the reader
 * keeps up and waits for rows) and paused for backpressure (the reader has stopped reading).
 * Without the fix neither call ever ended: mysql2 reports the lost connection on the connection,
 * never on the result stream of the statement in flight.
 */
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../../src/server/error-mapping.js";
import { createLogger } from "../../src/server/logger.js";
import { insertPlainCustomers } from "../support/bulk-customers.js";
import { connectClient } from "../support/clients.js";
import { createPrivateMariaDb, type PrivateMariaDb } from "../support/private-mariadb.js";

const CUSTOMERS = 100_000;
const BATCH = 100;
const KILL_AFTER = 2000;
let db: PrivateMariaDb;
let app: App;
let client: Client<typeof SegmentService>;
let segmentId: string;

const matches = (regex: string) => ({
  node: { case: "condition" as const, value: { field: "name", operator: 11, operand: { case: "pattern" as const, value: { regex } } } },
});

beforeAll(async () => {
  db = await createPrivateMariaDb();
  await db.start();
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url("segments_export_dies"), LOG_LEVEL: "silent", AUTH: "off" });
  app = await startApp(config, createLogger(config.logLevel), { retryDelayMs: 50, maxRetryDelayMs: 200 });
  client = connectClient(`http://127.0.0.1:${app.port}`);
  await insertPlainCustomers(app.knex, CUSTOMERS);
  const created = await client.createSegment({
    name: "everyone, slowly",
    // Every customer, but only after 39 regexes that never match: seconds of work for the
    // database, so the statement is still producing rows when the database dies.
    predicate: { node: { case: "or", value: { predicates: [...Array.from({ length: 39 }, (_, i) => matches(`Customer [0-9]*x${i}`)), matches("Customer [0-9]+")] } } },
  });
  segmentId = created.segment!.id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

/**
 * Exports until KILL_AFTER ids arrived, kills the database (after pausing the reader for a while
 * when `pausedReader`, so the stream is paused for backpressure), then reads on until the call
 * ends. Returns what arrived, the last cursor, the error and how long the call took after the kill.
 */
async function exportAndKill(pausedReader: boolean): Promise<{ seen: bigint[]; lastCursor: string; failure: ConnectError | undefined; afterKillMs: number }> {
  const seen: bigint[] = [];
  let lastCursor = "";
  let failure: ConnectError | undefined;
  let killedAt = 0;
  try {
    for await (const batch of client.listMembers({ target: { target: { case: "segmentId", value: segmentId } }, batchSize: BATCH })) {
      seen.push(...batch.customerIds);
      lastCursor = batch.cursor;
      if (seen.length === KILL_AFTER) {
        if (pausedReader) await new Promise((r) => setTimeout(r, 1000));
        killedAt = Date.now();
        await db.kill();
        if (pausedReader) await new Promise((r) => setTimeout(r, 500));
      }
    }
  } catch (err) {
    failure = ConnectError.from(err);
  }
  expect(killedAt).toBeGreaterThan(0);
  return { seen, lastCursor, failure, afterKillMs: Date.now() - killedAt };
}

/** Resumes from `cursor` (retrying while the database comes back) and returns the rest. */
async function resume(cursor: string): Promise<bigint[]> {
  const rest: bigint[] = [];
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      rest.length = 0;
      for await (const batch of client.listMembers({ cursor, batchSize: 5000 })) rest.push(...batch.customerIds);
      return rest;
    } catch (err) {
      if (ConnectError.from(err).code !== Code.Unavailable) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error("export did not resume");
}

describe("the database dies mid-export", () => {
  it.each([
    ["the reader keeps up (stream flowing)", false],
    ["the reader has stopped reading (stream paused for backpressure)", true],
  ])("%s: ends with UNAVAILABLE within seconds after complete batches, and the last cursor resumes exactly", async (_name, pausedReader) => {
    const { seen, lastCursor, failure, afterKillMs } = await exportAndKill(pausedReader);
    expect(seen.length).toBeLessThan(CUSTOMERS);
    expect({ code: failure?.code, message: failure?.rawMessage }).toEqual({ code: Code.Unavailable, message: DATABASE_UNAVAILABLE_MESSAGE });
    expect(afterKillMs).toBeLessThan(10_000);
    expect(seen.length % BATCH).toBe(0);

    await db.start();
    const all = [...seen, ...(await resume(lastCursor))];
    expect(all.length).toBe(CUSTOMERS);
    expect(new Set(all).size).toBe(CUSTOMERS);
  }, 80_000);
});
