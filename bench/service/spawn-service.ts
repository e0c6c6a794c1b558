/**
 * Runs the service as its own process, exactly as `make run` does (src/main.ts through tsx),
 * so the benchmark's clients talk to it over the network and its memory and CPU can be read
 * from /proc.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CallerStore } from "../../src/auth/caller-store.js";
import { ALL_SCOPES } from "../../src/auth/scopes.js";
import { ensureDatabase, openKnex, parseDatabaseUrl } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { openClient, unary, waitForReady } from "./grpc-client.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** How long the service may take to migrate and listen. */
const START_TIMEOUT_MS = 60_000;

/** A running service process. */
export interface ServiceProcess {
  readonly port: number;
  /** Bearer token of a caller with every scope, registered before the service started. */
  readonly token: string;
  /** Pid of the node process serving requests. */
  readonly pid: number;
  /** What the process wrote to stdout/stderr (its warnings and errors). */
  output(): string;
  /** SIGTERM, then SIGKILL if it does not exit in time. */
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Registers the benchmark's caller (every scope) in the database of `databaseUrl`, migrating it
 * first as the service would: the service then runs with AUTH=tokens, as in production, so
 * every measured call pays for its authentication.
 */
async function registerBenchCaller(databaseUrl: string): Promise<string> {
  const location = parseDatabaseUrl(databaseUrl);
  await ensureDatabase(location);
  const knex = openKnex(location, 1);
  try {
    await migrateLatest(knex);
    const { token } = await new CallerStore(knex).create({ name: "bench", scopes: ALL_SCOPES, origin: "cli", nowMs: Date.now() });
    return token!;
  } finally {
    await knex.destroy();
  }
}

/**
 * Starts `src/main.ts` with `node --import tsx` (the same as `npx tsx`, without the wrapper
 * processes, so the pid is the server's) and waits until it answers ListFields.
 */
export async function spawnService(env: Readonly<Record<string, string>>, nodeArgs: readonly string[] = []): Promise<ServiceProcess> {
  const databaseUrl = env["DATABASE_URL"];
  if (databaseUrl === undefined) throw new Error("spawnService needs DATABASE_URL");
  const token = await registerBenchCaller(databaseUrl);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "src/main.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env, AUTH: "tokens", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code, signal) => {
      if (!stopping) keep(Buffer.from(`\n[the service exited on its own: code ${code}, signal ${signal}]\n`));
      resolve(code);
    }),
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start the service");

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  };

  const client = openClient(port, token);
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} while starting:\n${output}`);
      try {
        await waitForReady(client, 1000);
        await unary(client, "ListFields", {}, 5000);
        break;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`the service did not answer within ${START_TIMEOUT_MS} ms: ${String(err)}\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  } finally {
    client.close();
  }
  return { port, token, pid, output: () => output, stop };
}
