/** Renders a run as markdown tables (the file in bench/results/ and the table for the README). */
import type { BenchResult } from "./bench-result.js";

const f = (x: number | undefined, digits = 2): string => (x === undefined || Number.isNaN(x) ? "–" : x.toFixed(digits));
const ms = (us: number): string => f(us / 1000, 2);
const mib = (bytes: number): string => f(bytes / 1024 / 1024, 1);
const count = (n: number): string => n.toLocaleString("en-US");

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The whole report. */
export function renderMarkdown(r: BenchResult): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`# Benchmark — ${r.scale} scale, ${m.date.slice(0, 10)}`);
  out.push("");
  out.push(
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}; Node ${m.node}; ${m.database} (InnoDB buffer pool ${m.bufferPoolMiB} MiB); ` +
      `commit ${m.gitCommit}${m.gitDirty ? " (uncommitted changes)" : ""}; run took ${f(r.totalSeconds, 0)} s.`,
  );
  out.push("");
  const rows = Object.entries(r.dataset.rows).map(([t, n]) => `${t} ${count(n)}`).join(", ");
  out.push(
    `Dataset: seed ${r.dataset.seed}, ${count(r.dataset.customers)} customers (${rows}); ` +
      (r.dataset.loadedThisRun ? `bulk-loaded this run in ${f(r.dataset.loadSeconds, 1)} s.` : "already loaded (same seed, scale and generator output)."),
  );
  out.push(
    `Evaluation instant ${r.evaluationTime}. Service and client are separate processes on this machine (with the database), ` +
      `so all three share ${m.cpus} cores; the service has ${r.connections.service} database connections, the raw mysql2 pool ${r.connections.raw}.`,
  );
  out.push("");
  out.push("## Targets");
  out.push("");
  out.push(table(["target", "measured", "met"], r.targets.map((t) => [t.target, t.measured, t.met ? "yes" : "**no**"])));
  out.push("");
  out.push("## IsMember (gRPC, grpc-js client) vs raw mysql2 point query");
  out.push("");
  out.push(
    "`mix`: round robin over all segments; `simple`: only `eu_enterprise`. Customers drawn from one seeded sequence both sides replay. " +
      "Where the time goes: CPU µs per request of the service and client processes (from /proc), and the database CPU µs and statements per request " +
      "of each side's own database account (MariaDB userstat), so other clients of the database do not count.",
  );
  out.push("");
  out.push(
    table(
      ["workload", "conc.", "service req/s", "raw req/s", "ratio", "service p50 / p99 ms", "raw p50 / p99 ms", "p99 ratio", "CPU µs/req service · client · db", "raw CPU µs/req client · db", "statements/req service · raw"],
      r.isMember.measures.map((x) => [
        x.workload,
        String(x.concurrency),
        f(x.service.throughput, 0),
        f(x.raw.throughput, 0),
        f(x.throughputRatio),
        `${ms(x.service.latencyUs.p50)} / ${ms(x.service.latencyUs.p99)}`,
        `${ms(x.raw.latencyUs.p50)} / ${ms(x.raw.latencyUs.p99)}`,
        f(x.p99Ratio),
        `${f(x.service.costs.serverCpuUs, 0)} · ${f(x.service.costs.clientCpuUs, 0)} · ${f(x.service.costs.databaseCpuUs, 0)}`,
        `${f(x.raw.costs.clientCpuUs, 0)} · ${f(x.raw.costs.databaseCpuUs, 0)}`,
        `${f(x.service.costs.statements)} · ${f(x.raw.costs.statements)}`,
      ]),
    ),
  );
  out.push("");
  out.push(
    "Transport floor — `grpc.health.v1.Health/Check` (no database, trivial handler) from the same grpc-js client, answered by the service " +
      "(no RPC of this server stack can be faster on this machine) and by a bare `node:http2` server with a canned response " +
      "(what Node's HTTP/2 and the grpc-js client cost alone, `bench/service/bare-grpc-server.ts`).",
  );
  out.push("");
  const floorRow = (server: string) => (x: BenchResult["isMember"]["floor"][number]) => [
    server,
    String(x.concurrency),
    f(x.throughput, 0),
    `${ms(x.latencyUs.p50)} / ${ms(x.latencyUs.p99)}`,
    f(x.ratioToRaw),
    `${f(x.costs.serverCpuUs, 0)} · ${f(x.costs.clientCpuUs, 0)}`,
  ];
  out.push(
    table(
      ["server", "conc.", "Check req/s", "p50 / p99 ms", "ratio to raw IsMember (mix)", "CPU µs/req server · client"],
      [...r.isMember.floor.map(floorRow("service")), ...r.isMember.bareFloor.map(floorRow("bare node:http2"))],
    ),
  );
  out.push("");
  out.push(
    `BatchIsMember — the same questions asked ${r.isMember.batch[0]?.idsPerCall ?? ""} customers per call (one segment per call, round robin): ` +
      "membership answers per second against the raw loop's point queries per second.",
  );
  out.push("");
  out.push(
    table(
      ["conc.", "calls/s", "answers/s", "ratio to raw IsMember (mix)", "call p50 / p99 ms", "CPU µs/call service · client · db", "statements/call"],
      r.isMember.batch.map((x) => [
        String(x.concurrency),
        f(x.throughput, 0),
        f(x.idsPerSecond, 0),
        f(x.ratioToRaw),
        `${ms(x.latencyUs.p50)} / ${ms(x.latencyUs.p99)}`,
        `${f(x.costs.serverCpuUs, 0)} · ${f(x.costs.clientCpuUs, 0)} · ${f(x.costs.databaseCpuUs, 0)}`,
        f(x.costs.statements),
      ]),
    ),
  );
  out.push("");
  out.push(`## ListMembers full export (\`${r.listMembers.segment}\`, ${count(r.listMembers.raw.ids)} ids, best of runs)`);
  out.push("");
  out.push(
    table(
      ["side", "batch", "ids/s", "seconds", "ratio to raw", "server RSS growth MiB"],
      [
        ["raw mysql2 stream", "–", f(r.listMembers.raw.idsPerSecond, 0), f(r.listMembers.raw.seconds), "1.00", "–"],
        ...r.listMembers.service.map((s) => [
          "service (gRPC)",
          String(s.batchSize),
          f(s.idsPerSecond, 0),
          f(s.seconds),
          f(s.idsPerSecond / r.listMembers.raw.idsPerSecond),
          mib(s.rssGrowthBytes),
        ]),
      ],
    ),
  );
  out.push("");
  out.push("## Compiled member query vs hand-written twin (median ms, same connection and session)");
  out.push("");
  out.push(
    `Geometric mean ratio ${f(r.queryTimes.geometricMeanRatio)}×, worst ${f(r.queryTimes.worst.ratio)}× (${r.queryTimes.worst.name}). Every pair returned the same ids, and so did ListMembers. ` +
      "The last column is the database CPU of one membership statement (what IsMember runs), hand-written point query vs the compiled one, over 300 seeded customers.",
  );
  out.push("");
  out.push(
    table(
      ["segment", "members", "hand-written ms", "compiled ms", "ratio", "runs", "point query DB CPU µs hand · compiled"],
      r.queryTimes.rows.map((q) => [
        q.name,
        count(q.members),
        f(q.handMs, 1),
        f(q.compiledMs, 1),
        f(q.ratio),
        String(q.runs),
        `${f(q.pointHandDbUs, 0)} · ${f(q.pointCompiledDbUs, 0)}`,
      ]),
    ),
  );
  out.push("");
  out.push(`## Compile time per predicate (µs, ${count(r.compileTimes.iterations)} iterations each)`);
  out.push("");
  out.push(
    "Uncached: lowering (the segment and every segment it references) + membership statement + filling in instant and id. IR cached: the lowered predicate kept per segment version. " +
      "Template cached: the compiled statement kept per segment version, only the instant and the id filled in per request. " +
      "Every segment is run before any is timed, so V8 has compiled every code path; garbage collection pauses count.",
  );
  out.push("");
  const c = r.compileTimes;
  out.push(
    table(
      ["segment", "uncached p50 / p99", "IR cached p50 / p99", "template cached p50 / p99"],
      [
        ...c.rows.map((x) => [x.name, `${f(x.uncachedUs.p50, 1)} / ${f(x.uncachedUs.p99, 1)}`, `${f(x.irCachedUs.p50, 1)} / ${f(x.irCachedUs.p99, 1)}`, `${f(x.templateCachedUs.p50, 1)} / ${f(x.templateCachedUs.p99, 1)}`]),
        ["**all**", `${f(c.all.uncachedUs.p50, 1)} / ${f(c.all.uncachedUs.p99, 1)}`, `${f(c.all.irCachedUs.p50, 1)} / ${f(c.all.irCachedUs.p99, 1)}`, `${f(c.all.templateCachedUs.p50, 1)} / ${f(c.all.templateCachedUs.p99, 1)}`],
      ],
    ),
  );
  out.push("");
  const x = r.exportRss;
  out.push("## Server memory during a slow export");
  out.push("");
  out.push(
    `ListMembers of \`${x.segment}\` (batch ${x.batchSize}) read one message per ${x.readDelayMs} ms for ${f(x.readSeconds, 1)} s (${count(x.idsRead)} ids), then cancelled. ` +
      `Server RSS idle ${mib(x.idleRssBytes)} MiB, peak ${mib(x.peakRssBytes)} MiB, growth **${mib(x.growthBytes)} MiB**; ${mib(x.afterCancelRssBytes)} MiB after the cancel. ` +
      `(Service RSS ${mib(r.serviceRss.atStartBytes)} MiB right after start, ${mib(r.serviceRss.atEndBytes)} MiB at the end of the run.)`,
  );
  out.push("");
  return out.join("\n");
}
