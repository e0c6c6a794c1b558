/**
 * Page tokens and export cursors survive a restart and work on another replica: without
 * CURSOR_SECRET the signing key is made once and kept in the database.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/server/logger.js";
import { connectClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

let first: TestApp | undefined;
let second: App | undefined;

afterAll(async () => {
  await second?.close();
  await first?.close();
});

const condition = (country: string) => ({
  node: { case: "condition" as const, value: { field: "country", operator: 1, operand: { case: "value" as const, value: { kind: { case: "stringValue" as const, value: country } } } } },
});

describe("the token signing key", () => {
  it("is shared by every replica of one database and kept across restarts", async () => {
    first = await startTestApp("segments_test_stored_secret");
    const a = connectClient(first.baseUrl);
    for (const name of ["a", "b", "c"]) await a.createSegment({ name, predicate: condition("DE") });
    const page = await a.listSegments({ pageSize: 1 });
    expect(page.nextPageToken).not.toBe("");

    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: first.databaseUrl, LOG_LEVEL: "silent", AUTH: "off" });
    second = await startApp(config, createLogger("silent"));
    const b = connectClient(`http://127.0.0.1:${second.port}`);
    const next = await b.listSegments({ pageSize: 1, pageToken: page.nextPageToken });
    expect(next.segments.map((s) => s.name)).toEqual((await a.listSegments({ pageSize: 1, pageToken: page.nextPageToken })).segments.map((s) => s.name));
    expect(next.segments).toHaveLength(1);
  }, 60_000);
});
