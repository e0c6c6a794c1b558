/**
 * An export whose database dies while it streams ends within seconds (UNAVAILABLE unless every row
 * had already arrived), after its last complete batch and that batch's cursor, and resuming from that cursor once the database is back
 * loses and duplicates nothing. Private MariaDB, killed with SIGKILL while rows stream.
 */
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/server/logger.js";
import { insertPlainCustomers } from "../support/bulk-customers.js";
import { connectClient } from "../support/clients.js";
import { createPrivateMariaDb, type PrivateMariaDb } from "../support/private-mariadb.js";

const CUSTOMERS = 100_000;
let db: PrivateMariaDb;
let app: App;
let client: Client<typeof SegmentService>;
let segmentId: string;

beforeAll(async () => {
  db = await createPrivateMariaDb();
  await db.start();
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url("segments_export_dies"), LOG_LEVEL: "silent" });
  app = await startApp(config, createLogger(config.logLevel), { retryDelayMs: 50, maxRetryDelayMs: 200 });
  client = connectClient(`http://127.0.0.1:${app.port}`);
  await insertPlainCustomers(app.knex, CUSTOMERS);
  const created = await client.createSegment({
    name: "everyone",
    // Every customer, slowly: many regex conditions per row keep the statement running for seconds.
    predicate: {
      node: {
        case: "or",
        value: {
          predicates: Array.from({ length: 40 }, (_, i) => ({
            node: { case: "condition" as const, value: { field: "name", operator: 11, operand: { case: "pattern" as const, value: { regex: `Customer [0-9]*${i % 10}` } } } },
          })),
        },
      },
    },
  });
  segmentId = created.segment!.id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

describe("the database dies mid-export", () => {
  it("ends with UNAVAILABLE within seconds after complete batches, and the last cursor resumes exactly", async () => {
    const seen: bigint[] = [];
    let lastCursor = "";
    let failure: ConnectError | undefined;
    let killedAt = 0;
    try {
      for await (const batch of client.listMembers({ target: { target: { case: "segmentId", value: segmentId } }, batchSize: 100 })) {
        seen.push(...batch.customerIds);
        lastCursor = batch.cursor;
        if (seen.length === 2000) {
          killedAt = Date.now();
          await db.kill();
        }
        // A slow reader, so the statement is still streaming when the database dies.
        if (seen.length >= 2000) await new Promise((r) => setTimeout(r, 2));
      }
    } catch (err) {
      failure = ConnectError.from(err);
    }
    expect(killedAt).toBeGreaterThan(0);
    // Rows the database had already sent may still arrive; then the call ends, never hangs.
    if (seen.length < CUSTOMERS) expect(failure?.code).toBe(Code.Unavailable);
    if (failure) expect(failure.code).toBe(Code.Unavailable);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
    expect(seen.length % 100).toBe(0);

    await db.start();
    const rest: bigint[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        rest.length = 0;
        for await (const batch of client.listMembers({ cursor: lastCursor, batchSize: 5000 })) rest.push(...batch.customerIds);
        break;
      } catch (err) {
        if (ConnectError.from(err).code !== Code.Unavailable) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const all = [...seen, ...rest];
    expect(all.length).toBe(CUSTOMERS);
    expect(new Set(all).size).toBe(CUSTOMERS);
  }, 120_000);
});
