import * as grpc from "@grpc/grpc-js";
import type { Knex } from "knex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { DatabaseHealthMonitor } from "../../src/server/database-health-monitor.js";
import { OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH, ServingStatus } from "../../src/server/health-status.js";
import { testDatabaseLocation } from "../support/test-database.js";
import { callUnary, eventually, grpcClient, startTestServer, type TestServer } from "./harness.js";

const DB = testDatabaseLocation("segments_test_server");

describe("grpc.health.v1.Health over the network", () => {
  let srv: TestServer;
  let knex: Knex;
  let health: ReturnType<typeof grpcClient>;

  beforeAll(async () => {
    await ensureDatabase(DB);
    knex = openKnex(DB, 2);
    srv = await startTestServer();
    health = grpcClient("grpc/health/v1/health.proto", "grpc.health.v1.Health", srv.address);
  });

  afterAll(async () => {
    health.close();
    await srv.close(100);
    await knex.destroy();
  });

  const check = (service: string) => callUnary<{ status: string }>(health, "Check", { service });

  it.each([OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH])("Check(%j) is SERVING while the database answers SELECT 1", async (service) => {
    const monitor = new DatabaseHealthMonitor({ ping: () => knex.raw("SELECT 1"), health: srv.health });
    expect(await monitor.checkNow()).toBe(true);
    expect(await check(service)).toEqual({ ok: true, value: { status: "SERVING" } });
  });

  it("Check of a name never registered fails with NOT_FOUND", async () => {
    const outcome = await check("no.such.Service");
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe(grpc.status.NOT_FOUND);
  });

  it("the periodic monitor turns both services NOT_SERVING while the ping fails and SERVING when it recovers", async () => {
    let failing = true;
    const monitor = new DatabaseHealthMonitor({
      ping: async () => {
        if (failing) throw new Error("connect ECONNREFUSED 127.0.0.1:3306");
        await knex.raw("SELECT 1");
      },
      health: srv.health,
      intervalMs: 20,
    });
    monitor.start();
    try {
      await eventually(async () => {
        const [overall, api] = await Promise.all([check(OVERALL_HEALTH), check(SEGMENT_SERVICE_HEALTH)]);
        return JSON.stringify([overall, api]) === JSON.stringify([
          { ok: true, value: { status: "NOT_SERVING" } },
          { ok: true, value: { status: "NOT_SERVING" } },
        ]);
      });
      failing = false;
      await eventually(async () => {
        const [overall, api] = await Promise.all([check(OVERALL_HEALTH), check(SEGMENT_SERVICE_HEALTH)]);
        return overall.ok && api.ok && overall.value.status === "SERVING" && api.value.status === "SERVING";
      });
    } finally {
      await monitor.stop();
    }
  });

  it("Watch sends the current status first, then each change", async () => {
    srv.health.set("watched.Service", ServingStatus.SERVING);
    const call = (health["Watch"] as Function).call(health, { service: "watched.Service" }) as grpc.ClientReadableStream<{ status: string }>;
    const received: string[] = [];
    call.on("data", (msg: { status: string }) => received.push(msg.status));
    call.on("error", () => undefined);
    await eventually(() => received.length === 1);
    srv.health.set("watched.Service", ServingStatus.NOT_SERVING);
    await eventually(() => received.length === 2);
    srv.health.set("watched.Service", ServingStatus.SERVING);
    await eventually(() => received.length === 3);
    call.cancel();
    expect(received).toEqual(["SERVING", "NOT_SERVING", "SERVING"]);
  });

  it("Watch of an unknown name sends SERVICE_UNKNOWN, then the status once the name is registered", async () => {
    const call = (health["Watch"] as Function).call(health, { service: "later.Service" }) as grpc.ClientReadableStream<{ status: string }>;
    const received: string[] = [];
    call.on("data", (msg: { status: string }) => received.push(msg.status));
    call.on("error", () => undefined);
    await eventually(() => received.length === 1);
    srv.health.set("later.Service", ServingStatus.SERVING);
    await eventually(() => received.length === 2);
    call.cancel();
    expect(received).toEqual(["SERVICE_UNKNOWN", "SERVING"]);
  });

  it("Check works as Connect JSON over a plain HTTP/1.1 POST", async () => {
    srv.health.set(SEGMENT_SERVICE_HEALTH, ServingStatus.SERVING);
    const res = await fetch(`http://${srv.address}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service: SEGMENT_SERVICE_HEALTH }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "SERVING" });
  });

  it("Check of an unknown name over Connect JSON is a not_found error", async () => {
    const res = await fetch(`http://${srv.address}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service: "nope" }),
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found" });
  });
});
