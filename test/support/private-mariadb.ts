/**
 * A MariaDB server of a test's own: its own datadir (made with `mariadb-install-db`), port and
 * socket, so fault tests can stop, freeze and kill a database without touching the shared server
 * on 3306. Only the process started here is ever signalled, by its PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import mysql from "mysql2/promise";

const run = promisify(execFile);

/** A private MariaDB server under a test's control. */
export interface PrivateMariaDb {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** Starts the server (again) on the same datadir and port; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it cleanly (SIGTERM) and waits for the process to exit. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  freeze(): void;
  /** Thaws a frozen server (SIGCONT). */
  thaw(): void;
  /** Whether the process is running. */
  readonly running: boolean;
  /** Stops the server if running and removes its datadir. */
  dispose(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Creates a datadir and a port for a private server; call `start()` to run it. */
export async function createPrivateMariaDb(): Promise<PrivateMariaDb> {
  const dir = await mkdtemp(join(tmpdir(), "kontorion-private-mariadb-"));
  const datadir = join(dir, "data");
  await run("mariadb-install-db", ["--no-defaults", `--datadir=${datadir}`, "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db"]);
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> | undefined;

  const waitForExit = async (): Promise<void> => {
    await exited;
    child = undefined;
    exited = undefined;
  };

  const db: PrivateMariaDb = {
    port,
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    get running() {
      return child !== undefined;
    },
    async start() {
      if (child) return;
      const proc = spawn(
        "/usr/sbin/mariadbd",
        [
          "--no-defaults",
          `--datadir=${datadir}`,
          "--user=root",
          `--port=${port}`,
          "--bind-address=127.0.0.1",
          `--socket=${join(dir, "mariadb.sock")}`,
          `--pid-file=${join(dir, "mariadb.pid")}`,
          `--log-error=${join(dir, "error.log")}`,
          "--innodb-buffer-pool-size=32M",
          "--skip-log-bin",
          "--max-connections=200",
        ],
        { stdio: "ignore" },
      );
      child = proc;
      exited = new Promise<void>((resolve) =>
        proc.once("exit", () => {
          if (child === proc) child = undefined;
          resolve();
        }),
      );
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (child !== proc) throw new Error("private MariaDB exited while starting");
        try {
          const conn = await mysql.createConnection({ host: "127.0.0.1", port, user: "root", connectTimeout: 1000 });
          await conn.end();
          return;
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`private MariaDB did not answer within 30 s: ${String(err)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    async stop() {
      if (!child) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      await waitForExit();
    },
    async kill() {
      if (!child) return;
      child.kill("SIGKILL");
      await waitForExit();
    },
    freeze() {
      child?.kill("SIGSTOP");
    },
    thaw() {
      child?.kill("SIGCONT");
    },
    async dispose() {
      await db.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return db;
}
