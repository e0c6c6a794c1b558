/** The machine, software and code a result was measured on. */
import { execFileSync } from "node:child_process";
import os from "node:os";
import type { Pool } from "mysql2/promise";

/** Where and on what a run happened. */
export interface MachineInfo {
  readonly date: string;
  readonly hostname: string;
  readonly os: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly database: string;
  readonly bufferPoolMiB: number;
  readonly gitCommit: string;
  /** Whether the working tree had uncommitted changes outside bench/results. */
  readonly gitDirty: boolean;
}

function git(args: readonly string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

/** Reads the machine info (the database's through `pool`). */
export async function machineInfo(pool: Pool): Promise<MachineInfo> {
  const [rows] = (await pool.query("SELECT VERSION() AS v, @@GLOBAL.innodb_buffer_pool_size AS bp")) as unknown as [Array<{ v: string; bp: number | string }>];
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    hostname: os.hostname(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    database: rows[0]?.v ?? "unknown",
    bufferPoolMiB: Math.round(Number(rows[0]?.bp ?? 0) / 1024 / 1024),
    gitCommit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    gitDirty: git(["status", "--porcelain", "--", ".", ":!bench/results"]) !== "",
  };
}
