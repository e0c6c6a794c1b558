/**
 * SIGTERM with calls in flight, on the real process (`src/main.ts`): health turns NOT_SERVING at
 * once, the port stops accepting, and calls still running when SHUTDOWN_GRACE_MS is over end with
 * a clean UNAVAILABLE status in a gRPC trailer (seen by an independent grpc-js client, not a
 * stream reset); their statements are killed and the process exits 0 within the grace + 2 s.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Knex } from "knex";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openKnex } from "../../src/db/connect.js";
import { insertPlainCustomers } from "../support/bulk-customers.js";
import { grpcJsClient } from "../support/clients.js";
import { grpcClient } from "../server/harness.js";
import { testDatabaseLocation, testDatabaseUrl } from "../support/test-database.js";

const DATABASE = "segments_test_shutdown_in_flight";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GRACE_MS = 2000;
const CUSTOMERS = 50_000;

/**
 * A thousand regexes per customer that never match ("Customer 123" has no letters after its
 * digits), then one matching every customer: a statement of many seconds (linear-time
 * patterns, just many of them) that keeps finding rows.
 */
const SLOW_PREDICATE = {
  or: {
    predicates: [
      ...Array.from({ length: 1000 }, (_, i) => ({ condition: { field: "name", operator: "OPERATOR_MATCHES", pattern: { regex: `[A-Za-z]+ [0-9]*[a-z]{${1 + (i % 7)}}[0-9]{${i % 5}}` } } })),
      { condition: { field: "name", operator: "OPERATOR_MATCHES", pattern: { regex: "Customer [0-9]+" } } },
    ],
  },
};

let child: ChildProcess;
let exited: Promise<number | null>;
let port: number;
let knex: Knex;

beforeAll(async () => {
  const location = testDatabaseLocation(DATABASE);
  const root = await mysql.createConnection({ host: location.host, port: location.port, user: location.user, password: location.password });
  await root.query(`DROP DATABASE IF EXISTS \`${location.database}\``);
  await root.end();
  child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: testDatabaseUrl(DATABASE), LOG_LEVEL: "info", SHUTDOWN_GRACE_MS: String(GRACE_MS), AUTH: "off" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start")), 60_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry["msg"] === "serving") {
        clearTimeout(timer);
        resolve(entry["port"] as number);
      }
    });
  });
  knex = openKnex(location, 2);
  await insertPlainCustomers(knex, CUSTOMERS);
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await knex?.destroy();
});

/** Statements of the service's database still running (this query excluded). */
async function statementsLeft(): Promise<string[]> {
  const [rows] = (await knex.raw("SELECT INFO FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND = 'Query'")) as [{ INFO: string | null }[]];
  return rows.map((r) => (r.INFO ?? "").slice(0, 80));
}

it("ends calls still running after the grace with UNAVAILABLE, kills their statements and exits within grace + 2 s", async () => {
  const segments = grpcJsClient(port) as unknown as Record<string, Function> & grpc.Client;
  const health = grpcClient("grpc/health/v1/health.proto", "grpc.health.v1.Health", `127.0.0.1:${port}`);
  try {
    // A slow streaming export that keeps sending members, and a slow unary count.
    const exportCall = (segments["ListMembers"] as Function).call(segments, { target: { predicate: SLOW_PREDICATE }, batch_size: 1 }) as grpc.ClientReadableStream<{ customer_ids: string[] }>;
    let exported = 0;
    exportCall.on("data", (m: { customer_ids: string[] }) => (exported += m.customer_ids.length));
    exportCall.on("error", () => undefined);
    const exportStatus = new Promise<grpc.StatusObject>((resolve) => exportCall.on("status", resolve));
    const countStatus = new Promise<grpc.ServiceError | null>((resolve) =>
      (segments["CountMembers"] as Function).call(segments, { target: { predicate: SLOW_PREDICATE } }, (err: grpc.ServiceError | null) => resolve(err)),
    );
    // Health watch: SERVING now, NOT_SERVING as soon as the signal arrives.
    const watched: string[] = [];
    const watch = (health["Watch"] as Function).call(health, { service: "" }) as grpc.ClientReadableStream<{ status: string }>;
    watch.on("data", (m: { status: string }) => watched.push(m.status));
    watch.on("error", () => undefined);

    const until = Date.now() + 30_000;
    while ((exported === 0 || (await statementsLeft()).length < 2 || watched.length === 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(exported).toBeGreaterThan(0);
    expect((await statementsLeft()).length).toBeGreaterThanOrEqual(2);

    const signalledAt = Date.now();
    child.kill("SIGTERM");
    const [exportEnd, countEnd, code] = await Promise.all([exportStatus, countStatus, exited]);
    const exitMs = Date.now() - signalledAt;

    expect({ code: exportEnd.code, details: exportEnd.details }).toEqual({ code: grpc.status.UNAVAILABLE, details: "server is shutting down" });
    expect({ code: countEnd?.code, details: countEnd?.details }).toEqual({ code: grpc.status.UNAVAILABLE, details: "server is shutting down" });
    expect(code).toBe(0);
    expect(exitMs).toBeGreaterThanOrEqual(GRACE_MS);
    expect(exitMs).toBeLessThanOrEqual(GRACE_MS + 2000);
    expect(watched).toEqual(["SERVING", "NOT_SERVING"]);
    expect(await statementsLeft()).toEqual([]);
  } finally {
    segments.close();
    health.close();
  }
}, 60_000);
