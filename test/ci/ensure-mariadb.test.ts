/**
 * `make db-up` (.ci/ensure-mariadb.sh, run before `make run`) only looks after a database on this
 * machine: with DATABASE_URL on another host it pings, installs and starts nothing. The tools it
 * could call are replaced by stubs that record their arguments.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../.ci/ensure-mariadb.sh");
const TOOLS = ["mariadb-admin", "mysqladmin", "apt-get", "start-stop-daemon", "mariadbd"];

function runScript(databaseUrl: string | undefined, pingAnswers: boolean): { status: number | null; calls: string[]; stderr: string } {
  const bin = mkdtempSync(path.join(tmpdir(), "ensure-mariadb-"));
  const log = path.join(bin, "calls.log");
  for (const tool of TOOLS) {
    const exit = tool.endsWith("admin") && !pingAnswers ? 1 : 0;
    writeFileSync(path.join(bin, tool), `#!/usr/bin/env bash\necho "${tool} $*" >> "${log}"\nexit ${exit}\n`);
    chmodSync(path.join(bin, tool), 0o755);
  }
  const env: Record<string, string> = { PATH: `${bin}:/usr/bin:/bin` };
  if (databaseUrl !== undefined) env["DATABASE_URL"] = databaseUrl;
  const result = spawnSync("bash", [SCRIPT], { env, encoding: "utf8" });
  const calls = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
  return { status: result.status, calls, stderr: result.stderr };
}

describe("make db-up", () => {
  it.each(["mysql://root@db.example.com:3306/segments", "mysql://u:p@10.1.2.3/segments", "mariadb://u@[fd00::5]:3306/segments"])(
    "leaves %s alone: no ping, no install, no start",
    (url) => {
      const { status, calls, stderr } = runScript(url, false);
      expect(status).toBe(0);
      expect(calls).toEqual([]);
      expect(stderr).toMatch(/not this machine/);
    },
  );

  it.each([undefined, "mysql://root@127.0.0.1:3306/segments", "mysql://root@localhost/segments"])("pings the local server for %s", (url) => {
    const { status, calls } = runScript(url, true);
    expect(status).toBe(0);
    expect(calls).toEqual(["mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping"]);
  });

  it("pings the local port of DATABASE_URL and starts nothing on another port", () => {
    const { status, calls } = runScript("mysql://root@127.0.0.1:3999/segments", false);
    expect(status).toBe(1);
    expect(calls).toEqual(["mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3999 -u root ping", "mysqladmin --protocol=tcp -h 127.0.0.1 -P 3999 -u root ping"]);
  });

  it("leaves a DATABASE_URL that is not a URL to the service to report", () => {
    const { status, calls } = runScript("bogus", false);
    expect(status).toBe(0);
    expect(calls).toEqual([]);
  });
});
