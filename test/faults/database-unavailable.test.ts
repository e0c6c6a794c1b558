/**
 * A database that goes away is a retryable outage, not an internal error: against a private
 * MariaDB this test starts and kills itself (never the shared server), every RPC answers
 * UNAVAILABLE within seconds while it is down, health turns NOT_SERVING, and both recover
 * without a restart once the database is back.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health, HealthCheckRequestSchema, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../../src/server/error-mapping.js";
import { createLogger } from "../../src/server/logger.js";
import { connectClient } from "../support/clients.js";
import { createPrivateMariaDb, type PrivateMariaDb } from "../support/private-mariadb.js";

let db: PrivateMariaDb;
let app: App;
let client: Client<typeof SegmentService>;
let health: Client<typeof Health>;
let segmentId: string;

async function codeOf(call: Promise<unknown>): Promise<{ code: Code | "ok"; message: string; ms: number }> {
  const started = Date.now();
  try {
    await call;
    return { code: "ok", message: "", ms: Date.now() - started };
  } catch (err) {
    const e = ConnectError.from(err);
    return { code: e.code, message: e.rawMessage, ms: Date.now() - started };
  }
}

async function servingStatus(): Promise<HealthCheckResponse_ServingStatus> {
  return (await health.check(create(HealthCheckRequestSchema, { service: "" }))).status;
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = await createPrivateMariaDb();
  await db.start();
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url("segments_faults"), LOG_LEVEL: "silent", AUTH: "off" });
  app = await startApp(config, createLogger(config.logLevel));
  const baseUrl = `http://127.0.0.1:${app.port}`;
  client = connectClient(baseUrl);
  health = createClient(Health, createGrpcTransport({ baseUrl }));
  await app.knex("customers").insert({ id: 1, name: "Ada", status: "active", country: "DE", created_at: "2024-01-01 00:00:00", updated_at: "2024-01-01 00:00:00" });
  const created = await client.createSegment({
    name: "germany",
    predicate: { node: { case: "condition", value: { field: "country", operator: 1, operand: { case: "value", value: { kind: { case: "stringValue", value: "DE" } } } } } },
  });
  segmentId = created.segment!.id;
}, 120_000);

afterAll(async () => {
  await db?.start().catch(() => undefined);
  await app?.close();
  await db?.dispose();
});

describe("database unreachable", () => {
  it("answers membership while the database is up", async () => {
    const res = await client.isMember({ target: { target: { case: "segmentId", value: segmentId } }, customerId: 1n });
    expect(res.member).toBe(true);
  });

  it("answers UNAVAILABLE within seconds on every kind of call while the database is down, and health is NOT_SERVING", async () => {
    await db.kill();
    const calls = {
      isMember: codeOf(client.isMember({ target: { target: { case: "segmentId", value: segmentId } }, customerId: 1n })),
      getSegment: codeOf(client.getSegment({ id: segmentId })),
      listSegments: codeOf(client.listSegments({})),
      countMembers: codeOf(client.countMembers({ target: { target: { case: "segmentId", value: segmentId } } })),
    };
    for (const [name, result] of Object.entries(calls)) {
      const r = await result;
      expect({ name, code: r.code, message: r.message }).toEqual({ name, code: Code.Unavailable, message: DATABASE_UNAVAILABLE_MESSAGE });
      expect(r.ms).toBeLessThan(5000);
    }
    expect(await eventually(servingStatus, (s) => s === HealthCheckResponse_ServingStatus.NOT_SERVING, 8000)).toBe(HealthCheckResponse_ServingStatus.NOT_SERVING);
  }, 30_000);

  it("recovers without a restart once the database is back", async () => {
    await db.start();
    const answer = await eventually(
      () => codeOf(client.isMember({ target: { target: { case: "segmentId", value: segmentId } }, customerId: 1n })),
      (r) => r.code === "ok",
      15_000,
    );
    expect(answer.code).toBe("ok");
    expect(await eventually(servingStatus, (s) => s === HealthCheckResponse_ServingStatus.SERVING, 8000)).toBe(HealthCheckResponse_ServingStatus.SERVING);
  }, 30_000);
});
