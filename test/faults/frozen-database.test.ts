/**
 * A frozen database (SIGSTOP: connections stay open, nothing answers) cannot hold calls: a call
 * with a deadline ends by it with DEADLINE_EXCEEDED, a call without one by the server-side limit
 * (QUERY_TIMEOUT_MS for unary calls, EXPORT_TIMEOUT_MS for exports, enforced by the service
 * itself since a frozen server cannot enforce its own), more calls than the pool has connections
 * all end on time, health turns NOT_SERVING, and after the thaw everything recovers: calls
 * answer, health is SERVING, and SHOW PROCESSLIST shows nothing left behind. Shutting down while
 * the database is frozen ends the calls in flight with UNAVAILABLE and takes at most grace + 2 s.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health, HealthCheckRequestSchema, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/server/logger.js";
import { insertPlainCustomers } from "../support/bulk-customers.js";
import { connectClient } from "../support/clients.js";
import { createPrivateMariaDb, type PrivateMariaDb } from "../support/private-mariadb.js";

const QUERY_TIMEOUT_MS = 1500;
const EXPORT_TIMEOUT_MS = 2500;
const POOL = 3;
const GRACE_MS = 1000;
let db: PrivateMariaDb;
let app: App;
let client: Client<typeof SegmentService>;
let health: Client<typeof Health>;
let segmentId: string;

const everyone = { node: { case: "condition" as const, value: { field: "name", operator: 11, operand: { case: "pattern" as const, value: { regex: "Customer [0-9]+" } } } } };

beforeAll(async () => {
  db = await createPrivateMariaDb();
  await db.start();
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: db.url("segments_frozen"),
    LOG_LEVEL: "silent",
    AUTH: "off",
    QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
    EXPORT_TIMEOUT_MS: String(EXPORT_TIMEOUT_MS),
    DB_POOL_MAX: String(POOL),
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    // Inline predicates are then lowered from the cached catalog, without a query.
    CUSTOM_FIELD_CACHE_MS: "600000",
  });
  app = await startApp(config, createLogger(config.logLevel));
  const baseUrl = `http://127.0.0.1:${app.port}`;
  client = connectClient(baseUrl);
  health = createClient(Health, createGrpcTransport({ baseUrl }));
  await insertPlainCustomers(app.knex, 2000);
  segmentId = (await client.createSegment({ name: "everyone", predicate: everyone })).segment!.id;
  // Warm the caches: the saved segment's definition and the field catalog.
  expect((await client.isMember({ target: { target: { case: "segmentId", value: segmentId } }, customerId: 1n })).member).toBe(true);
  await client.countMembers({ target: { target: { case: "predicate", value: everyone } } });
}, 60_000);

afterAll(async () => {
  db?.thaw();
  await app?.close();
  await db?.dispose();
});

type Outcome = { code: Code | "ok"; message: string; ms: number };
async function outcome(call: () => Promise<unknown>): Promise<Outcome> {
  const started = Date.now();
  try {
    await call();
    return { code: "ok", message: "", ms: Date.now() - started };
  } catch (err) {
    const e = ConnectError.from(err);
    return { code: e.code, message: e.rawMessage, ms: Date.now() - started };
  }
}

async function exportAll(timeoutMs?: number): Promise<number> {
  let n = 0;
  for await (const batch of client.listMembers({ target: { target: { case: "predicate", value: everyone } }, batchSize: 500 }, timeoutMs ? { timeoutMs } : {})) n += batch.customerIds.length;
  return n;
}

const isMember = (timeoutMs?: number) => () => client.isMember({ target: { target: { case: "segmentId", value: segmentId } }, customerId: 1n }, timeoutMs ? { timeoutMs } : {});

async function servingStatus(): Promise<HealthCheckResponse_ServingStatus> {
  return (await health.check(create(HealthCheckRequestSchema, { service: "" }), { timeoutMs: 1000 })).status;
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a frozen database", () => {
  it("ends calls by their deadline, or by the server-side limit without one, and health turns NOT_SERVING", async () => {
    db.freeze();
    // More calls than pool connections, at once: none may wait for another's connection.
    const calls = {
      unaryWithDeadline: outcome(isMember(600)),
      exportWithDeadline: outcome(() => exportAll(800)),
      unaryWithoutDeadline: outcome(isMember()),
      secondUnaryWithoutDeadline: outcome(isMember()),
      exportWithoutDeadline: outcome(() => exportAll()),
    };
    const r = Object.fromEntries(await Promise.all(Object.entries(calls).map(async ([name, p]) => [name, await p] as const)));
    expect(r["unaryWithDeadline"]!.code).toBe(Code.DeadlineExceeded);
    expect(r["unaryWithDeadline"]!.ms).toBeLessThan(600 + 1000);
    expect(r["exportWithDeadline"]!.code).toBe(Code.DeadlineExceeded);
    expect(r["exportWithDeadline"]!.ms).toBeLessThan(800 + 1000);
    for (const name of ["unaryWithoutDeadline", "secondUnaryWithoutDeadline"]) {
      expect({ name, code: r[name]!.code, message: r[name]!.message }).toEqual({ name, code: Code.DeadlineExceeded, message: "evaluation exceeded its time limit" });
      expect(r[name]!.ms).toBeGreaterThanOrEqual(QUERY_TIMEOUT_MS);
      expect(r[name]!.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1500);
    }
    expect({ code: r["exportWithoutDeadline"]!.code, message: r["exportWithoutDeadline"]!.message }).toEqual({ code: Code.DeadlineExceeded, message: "evaluation exceeded its time limit" });
    expect(r["exportWithoutDeadline"]!.ms).toBeGreaterThanOrEqual(EXPORT_TIMEOUT_MS);
    expect(r["exportWithoutDeadline"]!.ms).toBeLessThan(EXPORT_TIMEOUT_MS + 1500);

    // Still frozen, the pool connections of those calls were given up: a new call ends on time too.
    const later = await outcome(isMember());
    expect(later.code).toBe(Code.DeadlineExceeded);
    expect(later.ms).toBeLessThan(QUERY_TIMEOUT_MS + 1500);
    expect(await eventually(servingStatus, (s) => s === HealthCheckResponse_ServingStatus.NOT_SERVING, 6000)).toBe(HealthCheckResponse_ServingStatus.NOT_SERVING);
  }, 40_000);

  it("recovers after the thaw: calls answer, health is SERVING, nothing is left in SHOW PROCESSLIST", async () => {
    db.thaw();
    const answer = await eventually(() => outcome(isMember(2000)), (o) => o.code === "ok", 15_000);
    expect(answer.code).toBe("ok");
    expect(await exportAll(5000)).toBe(2000);
    expect(await eventually(servingStatus, (s) => s === HealthCheckResponse_ServingStatus.SERVING, 8000)).toBe(HealthCheckResponse_ServingStatus.SERVING);
    const conn = await mysql.createConnection({ host: "127.0.0.1", port: db.port, user: "root" });
    try {
      const left = await eventually(
        async () => (await conn.query("SELECT INFO FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Sleep', 'Daemon')"))[0] as { INFO: string }[],
        (rows) => rows.length === 0,
        8000,
      );
      expect(left).toEqual([]);
    } finally {
      await conn.end();
    }
  }, 40_000);

  it("shuts down within grace + 2 s while frozen, calls in flight ending with UNAVAILABLE", async () => {
    db.freeze();
    const calls = [outcome(isMember()), outcome(() => exportAll()), outcome(() => client.getSegment({ id: segmentId }))];
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await app.close();
    const took = Date.now() - started;
    const ended = await Promise.all(calls);
    db.thaw();
    expect(ended.map((o) => ({ code: o.code, message: o.message }))).toEqual(Array.from({ length: 3 }, () => ({ code: Code.Unavailable, message: "server is shutting down" })));
    expect(took).toBeGreaterThanOrEqual(GRACE_MS);
    expect(took).toBeLessThanOrEqual(GRACE_MS + 2000);
  }, 20_000);
});
