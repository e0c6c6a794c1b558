/**
 * The real process, as `make run` starts it: it migrates a fresh database, serves, answers
 * health over plain HTTP (Connect JSON), and on SIGTERM drains and exits 0.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { expect, it } from "vitest";
import { testDatabaseLocation, testDatabaseUrl } from "../support/test-database.js";

const DATABASE = "segments_test_process";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

it("starts on a fresh database, serves, and stops cleanly on SIGTERM", async () => {
  const { host, port: dbPort, user, password, database } = testDatabaseLocation(DATABASE);
  const root = await mysql.createConnection({ host, port: dbPort, user, password });
  await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await root.end();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: testDatabaseUrl(DATABASE), LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start")), 30_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      // "listening" comes first (health NOT_SERVING while the database is reached), then "serving".
      if (entry["msg"] === "serving") {
        clearTimeout(timer);
        resolve(entry["port"] as number);
      }
    });
  });
  const res = await fetch(`http://127.0.0.1:${port}/grpc.health.v1.Health/Check`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  expect(await res.json()).toEqual({ status: "SERVING" });
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(lines.some((l) => l["msg"] === "rpc" && l["method"] === "/grpc.health.v1.Health/Check" && l["code"] === "ok")).toBe(true);
  expect(lines.some((l) => l["msg"] === "stopped")).toBe(true);
}, 60_000);
