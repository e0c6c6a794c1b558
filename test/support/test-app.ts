/**
 * Starts the real service on a free port against a fresh database of its own, for tests that
 * talk to it over the network like any caller.
 */
import mysql from "mysql2/promise";
import { startApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/server/logger.js";

/** A running service under test. */
export interface TestApp {
  readonly app: App;
  readonly baseUrl: string;
  readonly port: number;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** Drops and recreates `database`, then starts the service on it. */
export async function startTestApp(database: string, env: Record<string, string> = {}): Promise<TestApp> {
  const root = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await root.end();
  const databaseUrl = `mysql://root@127.0.0.1:3306/${database}`;
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: databaseUrl, LOG_LEVEL: "silent", ...env });
  const app = await startApp(config, createLogger(config.logLevel));
  return {
    app,
    port: app.port,
    baseUrl: `http://127.0.0.1:${app.port}`,
    databaseUrl,
    close: () => app.close(),
  };
}
