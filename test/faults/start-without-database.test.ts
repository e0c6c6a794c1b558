/**
 * The service starts before its database: against a private MariaDB that is not running yet, the
 * server listens, health says NOT_SERVING, reflection answers, SegmentService answers UNAVAILABLE;
 * once the database appears the service creates and migrates it and turns SERVING, no restart.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import type * as grpc from "@grpc/grpc-js";
import { afterAll, describe, expect, it } from "vitest";
import { Health, HealthCheckRequestSchema, HealthCheckResponse_ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { SERVICE_STARTING_MESSAGE } from "../../src/rpc/late-bound-service.js";
import { createLogger } from "../../src/server/logger.js";
import { grpcClient } from "../server/harness.js";
import { connectClient } from "../support/clients.js";
import { createPrivateMariaDb, freePort, type PrivateMariaDb } from "../support/private-mariadb.js";

let db: PrivateMariaDb | undefined;
let app: App | undefined;

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

function listServices(address: string): Promise<string[]> {
  const client = grpcClient("grpc/reflection/v1/reflection.proto", "grpc.reflection.v1.ServerReflection", address);
  return new Promise((resolve, reject) => {
    const call = (client["ServerReflectionInfo"] as Function).call(client) as grpc.ClientDuplexStream<object, { list_services_response?: { service: { name: string }[] } }>;
    const names: string[] = [];
    call.on("data", (r) => names.push(...(r.list_services_response?.service ?? []).map((s: { name: string }) => s.name)));
    call.on("error", reject);
    call.on("end", () => {
      client.close();
      resolve(names);
    });
    call.write({ list_services: "" });
    call.end();
  });
}

describe("starting without the database", () => {
  it("serves NOT_SERVING, reflection and UNAVAILABLE until the database appears, then SERVING", async () => {
    db = await createPrivateMariaDb();
    const port = await freePort();
    const config = loadConfig({ PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: db.url("segments_late_start"), LOG_LEVEL: "silent", AUTH: "off" });
    let started = false;
    const starting = startApp(config, createLogger(config.logLevel), { retryDelayMs: 50, maxRetryDelayMs: 200 }).then((a) => {
      started = true;
      app = a;
      return a;
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    const health = createClient(Health, createGrpcTransport({ baseUrl }));
    const client = connectClient(baseUrl);

    let status: HealthCheckResponse_ServingStatus | undefined;
    for (let i = 0; i < 100 && status === undefined; i++) {
      status = await health.check(create(HealthCheckRequestSchema, {})).then(
        (r) => r.status,
        () => undefined,
      );
      if (status === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(HealthCheckResponse_ServingStatus.NOT_SERVING);
    expect(await listServices(`127.0.0.1:${port}`)).toContain("kontorion.segments.v1.SegmentService");
    const refused = await client.listSegments({}).then(
      () => undefined,
      (err: unknown) => ConnectError.from(err),
    );
    expect([refused?.code, refused?.rawMessage]).toEqual([Code.Unavailable, SERVICE_STARTING_MESSAGE]);
    // Server-streaming methods too.
    const stream = await (async () => {
      try {
        for await (const _ of client.listMembers({ target: { target: { case: "segmentId", value: "seg_x" } } })) break;
        return undefined;
      } catch (err) {
        return ConnectError.from(err).code;
      }
    })();
    expect(stream).toBe(Code.Unavailable);
    expect(started).toBe(false);

    await db.start();
    await starting;
    expect((await health.check(create(HealthCheckRequestSchema, {}))).status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    expect((await client.listSegments({})).segments).toEqual([]);
  }, 60_000);
});
