/** The connection limits as settings (src/server/connection-limits.ts says what each bounds). */
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from "../server/connection-limits.js";
import { MAX_TIMER_MS, type EnvReader } from "./env-reader.js";

/** Reads the connection timeouts and caps. */
export function readConnectionSettings(reader: EnvReader): ConnectionLimits {
  const d = DEFAULT_CONNECTION_LIMITS;
  const positiveMs = { min: 1, max: MAX_TIMER_MS };
  const limits: ConnectionLimits = {
    connectionTimeoutMs: reader.integer("CONNECTION_TIMEOUT_MS", d.connectionTimeoutMs, positiveMs),
    headersTimeoutMs: reader.integer("HEADERS_TIMEOUT_MS", d.headersTimeoutMs, positiveMs),
    requestTimeoutMs: reader.integer("REQUEST_TIMEOUT_MS", d.requestTimeoutMs, positiveMs),
    keepAliveTimeoutMs: reader.integer("KEEP_ALIVE_TIMEOUT_MS", d.keepAliveTimeoutMs, positiveMs),
    http2IdleTimeoutMs: reader.integer("HTTP2_IDLE_TIMEOUT_MS", d.http2IdleTimeoutMs, { min: 0, max: MAX_TIMER_MS }),
    http2MaxConcurrentStreams: reader.integer("HTTP2_MAX_CONCURRENT_STREAMS", d.http2MaxConcurrentStreams, { min: 1, max: 2 ** 31 - 1 }),
    maxConnections: reader.integer("MAX_CONNECTIONS", d.maxConnections, { min: 0, max: 1_000_000 }),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    reader.problem("HEADERS_TIMEOUT_MS", `must not exceed REQUEST_TIMEOUT_MS (${limits.headersTimeoutMs} > ${limits.requestTimeoutMs})`);
  }
  return limits;
}
