/**
 * Runs the hostile requests against a running service and reports what a platform team asks of
 * such a test: did the process survive, did any request get INTERNAL/UNKNOWN (or no status, or
 * a hang), did memory stay bounded, is health still SERVING, what was logged at error level.
 */
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { hostileRequest, type HarnessContext } from "./hostile-requests.js";
import { Http2Peer, isServerFailure, sendHostile, type HostileRequest, type Outcome } from "./send-request.js";
import type { ServerProcess } from "./server-process.js";

/** Settings of one run. */
export interface HostileRunOptions {
  readonly count: number;
  readonly seed: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Per-request limit before it counts as a hang, ms. */
  readonly timeoutMs: number;
  /** `authorization` header value sent with every request, when the service requires one. */
  readonly authorization?: string;
  /** Called every 1,000 requests. */
  readonly progress?: (done: number) => void;
}

/** One failed request, kept for the report. */
export interface HostileFailure {
  readonly index: number;
  readonly category: string;
  readonly label: string;
  readonly path: string;
  readonly wire: string;
  readonly outcome: Outcome;
}

/** The figures of a run. */
export interface HostileReport {
  readonly seed: number;
  readonly requests: number;
  readonly seconds: number;
  readonly crashed: boolean;
  readonly exit?: number | string;
  /** Requests answered INTERNAL, UNKNOWN, DATA_LOSS, UNAVAILABLE, 5xx, without status, or not at all. */
  readonly serverFailures: number;
  readonly failures: readonly HostileFailure[];
  /** Count of each answer, per category. */
  readonly codes: Record<string, Record<string, number>>;
  readonly rssKbBefore: number;
  readonly rssKbAfter: number;
  readonly healthAfter: string;
  /** Server log lines at error level or above during the run. */
  readonly errorLogLines: number;
  readonly errorLogSamples: readonly string[];
  /** Slowest answer, ms. */
  readonly slowestMs: number;
}

function headersOf(authorization: string | undefined): Record<string, string> {
  return authorization === undefined ? {} : { authorization };
}

/** Learns real segment ids, a cursor and a page token, to forge from. */
export async function discoverContext(origin: string, authorization?: string): Promise<HarnessContext> {
  const client = createClient(SegmentService, createConnectTransport({ baseUrl: origin, httpVersion: "1.1" }));
  const headers = headersOf(authorization);
  const page = await client.listSegments({ pageSize: 1 }, { headers });
  const all = await client.listSegments({ pageSize: 100 }, { headers });
  const segmentIds = all.segments.map((s) => s.id);
  if (segmentIds.length === 0) throw new Error("the service has no segments to attack (start it with DEMO_DATA=1)");
  let cursor = "";
  for (const id of segmentIds) {
    for await (const batch of client.listMembers({ target: { target: { case: "segmentId", value: id } }, batchSize: 1, limit: 2n }, { headers })) {
      if (batch.cursor !== "") cursor = batch.cursor;
    }
    if (cursor !== "") break;
  }
  return { segmentIds, cursor, pageToken: page.nextPageToken };
}

/** Health as a plain HTTP caller sees it. */
export async function healthOf(origin: string): Promise<string> {
  try {
    const res = await fetch(`${origin}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    const body = (await res.json()) as { status?: string; code?: string };
    return body.status ?? body.code ?? `http_${res.status}`;
  } catch (err) {
    return `unreachable: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function wireName(req: HostileRequest): string {
  return `${req.transport}/${req.codec}/${req.http}`;
}

/** Sends `count` hostile requests to `server` and measures it. */
export async function runHostile(server: ServerProcess, options: HostileRunOptions): Promise<HostileReport> {
  const ctx = await discoverContext(server.origin, options.authorization);
  const logStart = server.logs.length;
  const rssKbBefore = server.rssKb();
  const started = performance.now();
  const codes: Record<string, Record<string, number>> = {};
  const failures: HostileFailure[] = [];
  let serverFailures = 0;
  /** Failures kept per category and code, so one common failure does not hide the others. */
  const kept = new Map<string, number>();
  let slowestMs = 0;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    const peer = new Http2Peer(server.origin);
    try {
      while (!server.hasExited()) {
        const index = next++;
        if (index >= options.count) return;
        const req = hostileRequest(options.seed, index, ctx);
        const outcome = await sendHostile(server.origin, peer, req, {
          timeoutMs: options.timeoutMs,
          ...(options.authorization !== undefined ? { authorization: options.authorization } : {}),
        });
        const byCode = (codes[req.category] ??= {});
        byCode[outcome.code] = (byCode[outcome.code] ?? 0) + 1;
        slowestMs = Math.max(slowestMs, outcome.ms);
        if (isServerFailure(outcome) && !server.hasExited()) {
          serverFailures++;
          const kind = `${req.category}/${outcome.code}`;
          const seen = (kept.get(kind) ?? 0) + 1;
          kept.set(kind, seen);
          if (seen <= 5) failures.push({ index, category: req.category, label: req.label.slice(0, 120), path: req.path, wire: wireName(req), outcome });
        }
        done++;
        if (done % 1000 === 0) options.progress?.(done);
      }
    } finally {
      peer.close();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const crashed = server.hasExited();
  const errorLines = server.logs.slice(logStart).filter((l) => (l.level ?? 0) >= 50);
  return {
    seed: options.seed,
    requests: done,
    seconds,
    crashed,
    ...(crashed ? { exit: await server.exited } : {}),
    serverFailures,
    failures,
    codes,
    rssKbBefore,
    rssKbAfter: crashed ? NaN : server.rssKb(),
    healthAfter: crashed ? "process gone" : await healthOf(server.origin),
    errorLogLines: errorLines.length,
    errorLogSamples: errorLines.slice(0, 10).map((l) => JSON.stringify(l).slice(0, 400)),
    slowestMs,
  };
}

/** A short human summary of a report. */
export function summarize(report: HostileReport): string {
  const lines = [
    `hostile requests: ${report.requests} in ${report.seconds.toFixed(1)} s (seed ${report.seed})`,
    `crashes: ${report.crashed ? `1 (exit ${String(report.exit)})` : 0}`,
    `INTERNAL/UNKNOWN/no-status/hang answers: ${report.serverFailures}`,
    `server RSS: ${report.rssKbBefore} KiB before, ${report.rssKbAfter} KiB after`,
    `health after: ${report.healthAfter}`,
    `error-level log lines: ${report.errorLogLines}`,
    `slowest answer: ${report.slowestMs.toFixed(0)} ms`,
  ];
  for (const [category, byCode] of Object.entries(report.codes).sort()) {
    lines.push(`  ${category}: ${Object.entries(byCode).map(([c, n]) => `${c}=${n}`).join(" ")}`);
  }
  for (const f of report.failures.slice(0, 60)) {
    lines.push(`  FAIL #${f.index} ${f.category} ${f.wire} ${f.path} [${f.label}] → ${f.outcome.code} ${f.outcome.message.slice(0, 160)}`);
  }
  return lines.join("\n");
}
