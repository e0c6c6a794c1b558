/**
 * Starts bench/service/bare-grpc-server.ts (the transport floor: node:http2 answering a canned
 * gRPC response) as its own process, so its CPU can be read from /proc like the service's.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A running bare server. */
export interface BareServerProcess {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts the bare server and waits until it listens. */
export async function spawnBareServer(): Promise<BareServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/service/bare-grpc-server.ts"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bare server exited with ${code} while starting`)));
    child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString("utf8").trim())));
  });
  if (child.pid === undefined) throw new Error("could not start the bare server");
  return {
    port,
    pid: child.pid,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
