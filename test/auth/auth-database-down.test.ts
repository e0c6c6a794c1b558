/**
 * Callers cannot be checked while the database is down: a token that is not cached is a
 * retryable UNAVAILABLE (never INTERNAL, never a misleading UNAUTHENTICATED), a call without
 * credentials is still UNAUTHENTICATED, and checks work again once the database is back.
 * Against a private MariaDB this test starts and kills itself.
 */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.js";
import { CallerStore } from "../../src/auth/caller-store.js";
import { loadConfig } from "../../src/config.js";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../../src/server/error-mapping.js";
import { createLogger } from "../../src/server/logger.js";
import { grpcJsClient } from "../support/clients.js";
import { createPrivateMariaDb, type PrivateMariaDb } from "../support/private-mariadb.js";

let db: PrivateMariaDb;
let app: App;
let client: grpc.Client;
let token: string;

beforeAll(async () => {
  db = await createPrivateMariaDb();
  await db.start();
  // AUTH_CACHE_MS=0: every call reads its caller, so the outage is seen by the very next call.
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: db.url("segments_auth_down"), LOG_LEVEL: "silent", AUTH: "tokens", AUTH_CACHE_MS: "0" });
  app = await startApp(config, createLogger(config.logLevel));
  token = (await new CallerStore(app.knex).create({ name: "lister", scopes: ["segments:read"], origin: "cli", nowMs: Date.now() })).token!;
  client = grpcJsClient(app.port);
}, 120_000);

afterAll(async () => {
  client?.close();
  await db?.start().catch(() => undefined);
  await app?.close();
  await db?.dispose();
});

function listSegments(withToken: boolean): Promise<{ code: grpc.status; details: string }> {
  const md = new grpc.Metadata();
  if (withToken) md.set("authorization", `Bearer ${token}`);
  return new Promise((resolve) =>
    (client as unknown as Record<string, Function>)["ListSegments"]!.call(client, {}, md, { deadline: Date.now() + 10_000 }, (err: grpc.ServiceError | null) =>
      resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: "" }),
    ),
  );
}

it("a token is checked against the database: UNAVAILABLE while it is down, fine again after", async () => {
  expect(await listSegments(true)).toEqual({ code: grpc.status.OK, details: "" });
  await db.kill();
  expect(await listSegments(true)).toEqual({ code: grpc.status.UNAVAILABLE, details: DATABASE_UNAVAILABLE_MESSAGE });
  expect((await listSegments(false)).code).toBe(grpc.status.UNAUTHENTICATED);
  await db.start();
  const deadline = Date.now() + 15_000;
  let outcome = await listSegments(true);
  while (outcome.code !== grpc.status.OK && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    outcome = await listSegments(true);
  }
  expect(outcome).toEqual({ code: grpc.status.OK, details: "" });
}, 60_000);
