/** Memory and CPU of processes on this machine, read from /proc (Linux). */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Resident set size of `pid`, bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** User + system CPU time `pid` has used, seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at state, field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** Pid of the first process whose command name is `name`, if any. */
export function findProcess(name: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return undefined;
}

/** CPU seconds of this process (user + system). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Samples RSS of `pid` every `everyMs` until stopped; returns the samples, bytes. */
export function sampleRss(pid: number, everyMs: number): { stop(): number[] } {
  const samples: number[] = [rssBytes(pid)];
  const timer = setInterval(() => {
    try {
      samples.push(rssBytes(pid));
    } catch {
      // The process is gone; the samples so far stand.
    }
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(rssBytes(pid));
      return samples;
    },
  };
}
