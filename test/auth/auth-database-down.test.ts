/**
 * Callers cannot be checked while the database is down: a token that is not cached is a
 * retryable UNAVAILABLE (never INTERNAL, never a misleading UNAUTHENTICATED), a call without
 * credentials is still UNAUTHENTICATED, and checks work again once the database is back. Before
 * the database was ever reached, calls that need a caller are UNAVAILABLE, health is public.
 * Against a private MariaDB this test starts and kills itself.
 */
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.js";
import { AUTH_STARTING_MESSAGE } from "../../src/auth/auth-interceptor.js";
import { CallerStore } from "../../src/auth/caller-store.js";
import { loadConfig } from "../../src/config.js";
import { DATABASE_UNAVAILABLE_MESSAGE } from "../../src/server/error-mapping.js";
import { createLogger } from "../../src/server/logger.js";
import { grpcJsClient } from "../support/clients.js";
import { createPrivateMariaDb, freePort, type PrivateMariaDb } from "../support/private-mariadb.js";

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

it("before the database is first reached: UNAVAILABLE for calls that need a caller, health answers", async () => {
  const [port, nobody] = [await freePort(), await freePort()];
  const config = loadConfig({ PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `mysql://root@127.0.0.1:${nobody}/segments_never`, LOG_LEVEL: "silent", AUTH: "tokens" });
  const stop = new AbortController();
  const starting = startApp(config, createLogger("silent"), { retryDelayMs: 50, maxRetryDelayMs: 200, stopSignal: stop.signal }).catch(() => undefined);
  try {
    const post = async (path: string, headers: Record<string, string> = {}) => {
      for (let tries = 0; ; tries++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: "{}" });
          const body = (await res.json()) as { code?: string; message?: string; status?: string };
          return { status: res.status, body: body.status !== undefined ? { status: body.status } : { code: body.code, message: body.message } };
        } catch (err) {
          if (tries > 100) throw err;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    };
    expect(await post("/grpc.health.v1.Health/Check")).toEqual({ status: 200, body: { status: "NOT_SERVING" } });
    const unavailable = { status: 503, body: { code: "unavailable", message: AUTH_STARTING_MESSAGE } };
    expect(await post("/kontorion.segments.v1.SegmentService/ListSegments", { authorization: `Bearer kseg_0123456789abcdef_${"A".repeat(43)}` })).toEqual(unavailable);
    expect(await post("/kontorion.segments.v1.SegmentService/ListSegments")).toEqual(unavailable);
  } finally {
    stop.abort();
    await starting;
  }
}, 30_000);
