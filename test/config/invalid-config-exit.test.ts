/**
 * The real entry points refuse an invalid configuration with exit code 2 and every problem on
 * stderr, before touching the database: a listener standing in for the database at DATABASE_URL
 * sees no connection.
 */
import { spawn } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

let fakeDatabase: net.Server;
let databaseConnections = 0;

beforeAll(async () => {
  fakeDatabase = net.createServer((socket) => {
    databaseConnections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => fakeDatabase.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => fakeDatabase.close(() => resolve())));

function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: ROOT, env: { PATH: process.env["PATH"] ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe.each(["src/main.ts", "src/cli/migrate.ts"])("%s with an invalid configuration", (entry) => {
  it("exits 2 naming every bad variable, without connecting to the database", async () => {
    const databaseUrl = `mysql://root@127.0.0.1:${(fakeDatabase.address() as AddressInfo).port}/segments`;
    const before = databaseConnections;
    const { code, stdout, stderr } = await run(entry, { PORT: "99999", DB_POOL_MAX: "0", LOG_LEVEL: "loud", DATABASE_URL: databaseUrl });
    expect(code).toBe(2);
    expect(stderr).toContain("invalid configuration (3 problems):");
    expect(stderr).toContain('PORT must be an integer from 0 to 65535, got "99999"');
    expect(stderr).toContain('DB_POOL_MAX must be an integer from 1 to 10000, got "0"');
    expect(stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
    expect(stdout).toBe("");
    expect(databaseConnections).toBe(before);
  }, 30_000);

  it("names DATABASE_URL when it is not a URL", async () => {
    const { code, stderr } = await run(entry, { DATABASE_URL: "bogus" });
    expect(code).toBe(2);
    expect(stderr).toContain("DATABASE_URL must be a URL like mysql://user:password@host:3306/database");
    expect(stderr).not.toContain("Invalid URL");
  }, 30_000);
});
