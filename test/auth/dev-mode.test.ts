/**
 * AUTH=dev, what `make run` uses: the service registers a local development caller with every
 * scope and logs its token at start; the next start revokes it and logs a new one.
 */
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { DEV_CALLER_NAME } from "../../src/auth/dev-caller.js";
import { ALL_SCOPES } from "../../src/auth/scopes.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/server/logger.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

let first: TestApp;

beforeAll(async () => {
  first = await startTestApp("segments_test_auth_dev", { AUTH: "dev", LOG_LEVEL: "warn" });
});

afterAll(async () => {
  await first?.close();
});

function devToken(lines: Record<string, unknown>[]): string {
  const line = lines.find((l) => typeof l["dev_token"] === "string");
  if (!line) throw new Error("no dev_token line");
  expect(line["level"]).toBe(40);
  expect(line["msg"]).toContain(`"authorization: Bearer ${String(line["dev_token"])}"`);
  return line["dev_token"] as string;
}

async function listSegments(baseUrl: string, token: string): Promise<number> {
  const res = await fetch(`${baseUrl}/kontorion.segments.v1.SegmentService/ListSegments`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: "{}",
  });
  await res.body?.cancel();
  return res.status;
}

it("logs a token with every scope at start; the next start revokes it and logs a new one", async () => {
  const token = devToken(first.logs);
  expect(await listSegments(first.baseUrl, token)).toBe(200);
  const [row] = await first.app.knex("api_callers").where({ origin: "dev" });
  expect(row).toMatchObject({ name: DEV_CALLER_NAME, scopes: ALL_SCOPES.join(","), revoked_at: null });

  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: first.databaseUrl, LOG_LEVEL: "warn", AUTH: "dev", AUTH_CACHE_MS: "0" });
  const second = await startApp(config, createLogger("warn", sink));
  try {
    const next = devToken(lines);
    expect(next).not.toBe(token);
    const baseUrl = `http://127.0.0.1:${second.port}`;
    expect(await listSegments(baseUrl, next)).toBe(200);
    expect(await listSegments(baseUrl, token)).toBe(401);
    expect(await second.knex("api_callers").where({ origin: "dev" }).whereNull("revoked_at").count({ n: "*" })).toEqual([{ n: 1 }]);
  } finally {
    await second.close();
  }
}, 60_000);
