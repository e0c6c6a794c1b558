/**
 * Starts the real service on a free port against a fresh database of its own, for tests that
 * talk to it over the network like any caller.
 */
import mysql from "mysql2/promise";
import { Writable } from "node:stream";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/server/logger.js";
import { testDatabaseLocation, testDatabaseUrl } from "./test-database.js";

/** A running service under test. */
export interface TestApp {
  readonly app: App;
  readonly baseUrl: string;
  readonly port: number;
  readonly databaseUrl: string;
  /** Log lines of the service, parsed (none unless `env` sets LOG_LEVEL). */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * Drops and recreates `database`, then starts the service on it. Auth is off unless `env` says
 * otherwise (AUTH=tokens): tests where auth is not the point call without tokens; the auth tests
 * (test/auth/) turn it on.
 */
export async function startTestApp(name: string, env: Record<string, string> = {}): Promise<TestApp> {
  const { host, port, user, password, database } = testDatabaseLocation(name);
  const root = await mysql.createConnection({ host, port, user, password });
  await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await root.end();
  const databaseUrl = testDatabaseUrl(name);
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", AUTH: "off", ...env });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const app = await startApp(config, createLogger(config.logLevel, sink));
  return {
    app,
    port: app.port,
    baseUrl: `http://127.0.0.1:${app.port}`,
    databaseUrl,
    logs,
    close: () => app.close(),
  };
}
