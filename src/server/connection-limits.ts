/**
 * Bounds on what one connection may hold, so silent, half-open and slow connections cannot pile up
 * (README, "Connections"). Each is a setting (src/config/connection-settings.ts).
 */

/** Timeouts and caps of the server's connections. */
export interface ConnectionLimits {
  /**
   * A new connection must finish its TLS handshake, and then send the HTTP/2 client preface or the
   * first bytes of an HTTP/1.1 request, each within this many ms; otherwise it is closed.
   */
  readonly connectionTimeoutMs: number;
  /** HTTP/1.1: the headers of a request must be complete within this many ms (answered 408 otherwise). */
  readonly headersTimeoutMs: number;
  /** HTTP/1.1: a request must be received completely (headers and body) within this many ms. */
  readonly requestTimeoutMs: number;
  /** HTTP/1.1: an idle keep-alive connection is closed after this many ms. */
  readonly keepAliveTimeoutMs: number;
  /**
   * HTTP/2: a connection with no open stream for this many ms gets GOAWAY and is closed; 0 = never.
   * A stream in progress (a long export, a health watch) keeps its connection open however quiet it is.
   */
  readonly http2IdleTimeoutMs: number;
  /** HTTP/2: streams a client may have open at once on one connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
  readonly http2MaxConcurrentStreams: number;
  /** Connections open at once; more are closed as soon as they are accepted. 0 = no cap. */
  readonly maxConnections: number;
}

/** The defaults of the settings. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  connectionTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  http2IdleTimeoutMs: 300_000,
  http2MaxConcurrentStreams: 100,
  maxConnections: 1_000,
};
