/**
 * The service as a separate process, the way `make run` starts it, so that a crash is seen as an
 * exit and memory as the process's resident set: nothing the harness does can hide either.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { testDatabaseLocation, testDatabaseUrl } from "../support/test-database.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A pino line of the server's output. */
export type ServerLogLine = Record<string, unknown> & { level?: number; msg?: string };

/** The running service. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly origin: string;
  /** Every log line so far. */
  readonly logs: ServerLogLine[];
  /** Resolves with the exit code (or signal name) once the process ends. */
  readonly exited: Promise<number | string>;
  /** True once the process has ended. */
  hasExited(): boolean;
  /** Resident set size in KiB, from /proc. */
  rssKb(): number;
  /** SIGTERM, then SIGKILL after `graceMs` more; resolves on exit. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Starts the service on a fresh database `name` (dropped first) and waits until it serves. */
export async function startServerProcess(name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const { host, port: dbPort, user, password, database } = testDatabaseLocation(name);
  const root = await mysql.createConnection({ host, port: dbPort, user, password });
  await root.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await root.end();
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATABASE_URL: testDatabaseUrl(name), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: ServerLogLine[] = [];
  let ended = false;
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? "unknown");
    }),
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => stderr.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 60 s; stderr: ${stderr.join("\n")}`)), 60_000);
    void exited.then((code) => reject(new Error(`server exited (${code}) before serving; stderr: ${stderr.join("\n")}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      let entry: ServerLogLine;
      try {
        entry = JSON.parse(line) as ServerLogLine;
      } catch {
        entry = { msg: line };
      }
      logs.push(entry);
      if (entry.msg === "serving") {
        clearTimeout(timer);
        resolve(entry["port"] as number);
      }
    });
  });
  return {
    child,
    port,
    origin: `http://127.0.0.1:${port}`,
    logs,
    exited,
    hasExited: () => ended,
    rssKb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) : NaN;
    },
    stop: async (graceMs = 15_000) => {
      if (ended) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/**
 * The `authorization` header of the development caller a service started with AUTH=dev logs
 * (every scope), so hostile requests reach the whole pipeline, not only the auth layer.
 */
export function devAuthorization(server: ServerProcess): string {
  const token = server.logs.find((line) => typeof line["dev_token"] === "string")?.["dev_token"];
  if (typeof token !== "string") throw new Error("the service logged no dev_token (start it with AUTH=dev)");
  return `Bearer ${token}`;
}
