/**
 * Sends one hostile request over the network, as raw bytes, in any of the three protocols the
 * service speaks (gRPC, gRPC-Web, Connect) over HTTP/2 or HTTP/1.1, and reads back what a
 * client would act on: the status code. Nothing here uses connect or the generated code: a
 * request is bytes and headers, a response is bytes, headers and trailers.
 */
import http from "node:http";
import http2 from "node:http2";
import { envelope, readEnvelopes } from "./wire.js";

/** gRPC status names by number, as Connect spells its codes. */
const GRPC_CODES = [
  "ok", "canceled", "unknown", "invalid_argument", "deadline_exceeded", "not_found", "already_exists",
  "permission_denied", "resource_exhausted", "failed_precondition", "aborted", "out_of_range",
  "unimplemented", "internal", "unavailable", "data_loss", "unauthenticated",
] as const;

export type Transport = "grpc" | "grpc-web" | "connect";
export type Codec = "proto" | "json";

/** One request of the harness. */
export interface HostileRequest {
  /** Which family of hostility (garbage, truncated, deep-nesting, ...). */
  readonly category: string;
  /** Short description for the report. */
  readonly label: string;
  /** Full path, e.g. `/kontorion.segments.v1.SegmentService/IsMember`. */
  readonly path: string;
  readonly transport: Transport;
  readonly codec: Codec;
  readonly http: "h2" | "h1";
  /** Server-streaming method (Connect frames its messages then). */
  readonly streaming: boolean;
  /** The message bytes; framed by the sender unless `raw`. */
  readonly body: Uint8Array;
  /** Send `body` exactly as given (no envelope). */
  readonly raw?: boolean;
  /** Replaces the content type the protocol would use ("" sends none). */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What came back. */
export interface Outcome {
  /** A Connect code name, or `no_status`, `timeout`, `transport_error`, `http_<status>`. */
  readonly code: string;
  readonly httpStatus: number;
  readonly message: string;
  readonly ms: number;
}

/** Codes that mean the server failed the caller rather than refusing the request. */
export function isServerFailure(outcome: Outcome): boolean {
  if (["internal", "unknown", "data_loss", "no_status", "timeout", "transport_error", "unavailable"].includes(outcome.code)) return true;
  return /^http_5/.test(outcome.code);
}

function contentTypeOf(req: HostileRequest): string {
  if (req.contentType !== undefined) return req.contentType;
  switch (req.transport) {
    case "grpc":
      return req.codec === "json" ? "application/grpc+json" : "application/grpc";
    case "grpc-web":
      return req.codec === "json" ? "application/grpc-web+json" : "application/grpc-web+proto";
    case "connect":
      if (req.streaming) return req.codec === "json" ? "application/connect+json" : "application/connect+proto";
      return req.codec === "json" ? "application/json" : "application/proto";
  }
}

function framed(req: HostileRequest): Uint8Array {
  if (req.raw) return req.body;
  const needsEnvelope = req.transport !== "connect" || req.streaming;
  return needsEnvelope ? envelope(req.body) : req.body;
}

function requestHeaders(req: HostileRequest, authorization: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  const type = contentTypeOf(req);
  if (type !== "") headers["content-type"] = type;
  if (req.transport === "grpc") headers["te"] = "trailers";
  if (req.transport === "connect" && !req.streaming) headers["connect-protocol-version"] = "1";
  if (authorization !== undefined) headers["authorization"] = authorization;
  return { ...headers, ...req.headers };
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function grpcCode(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n < GRPC_CODES.length ? GRPC_CODES[n] : `bad_grpc_status_${raw}`;
}

function decodeMessage(raw: string | undefined): string {
  if (raw === undefined) return "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function connectError(body: Uint8Array): { code?: string; message?: string } {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { code?: unknown; message?: unknown; error?: { code?: unknown; message?: unknown } };
    const source = parsed.error ?? parsed;
    return {
      ...(typeof source.code === "string" ? { code: source.code } : {}),
      ...(typeof source.message === "string" ? { message: source.message } : {}),
    };
  } catch {
    return {};
  }
}

/** Reads the status a client of this protocol would see. */
export function classify(req: HostileRequest, res: RawResponse): { code: string; message: string } {
  switch (req.transport) {
    case "grpc": {
      const code = grpcCode(first(res.headers["grpc-status"])) ?? grpcCode(first(res.trailers["grpc-status"]));
      const message = decodeMessage(first(res.headers["grpc-message"]) ?? first(res.trailers["grpc-message"]));
      if (code !== undefined) return { code, message };
      return { code: res.status === 200 ? "no_status" : `http_${res.status}`, message };
    }
    case "grpc-web": {
      const inHeaders = grpcCode(first(res.headers["grpc-status"]));
      if (inHeaders !== undefined) return { code: inHeaders, message: decodeMessage(first(res.headers["grpc-message"])) };
      const trailer = readEnvelopes(res.body).frames.find((f) => (f.flags & 0x80) !== 0);
      if (trailer !== undefined) {
        const fields = new Map<string, string>();
        for (const line of new TextDecoder().decode(trailer.payload).split("\r\n")) {
          const colon = line.indexOf(":");
          if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        const code = grpcCode(fields.get("grpc-status"));
        if (code !== undefined) return { code, message: decodeMessage(fields.get("grpc-message")) };
      }
      return { code: res.status === 200 ? "no_status" : `http_${res.status}`, message: "" };
    }
    case "connect": {
      if (!req.streaming || res.status !== 200) {
        if (res.status === 200) return { code: "ok", message: "" };
        const { code, message } = connectError(res.body);
        return { code: code ?? `http_${res.status}`, message: message ?? "" };
      }
      const end = readEnvelopes(res.body).frames.find((f) => (f.flags & 0x02) !== 0);
      if (end === undefined) return { code: "no_status", message: "stream ended without an end-stream message" };
      const { code, message } = connectError(end.payload);
      return { code: code ?? "ok", message: message ?? "" };
    }
  }
}

/** A reusable HTTP/2 connection to the server, reopened when it fails. */
export class Http2Peer {
  private session: http2.ClientHttp2Session | undefined;
  constructor(private readonly origin: string) {}

  private open(): http2.ClientHttp2Session {
    if (this.session === undefined || this.session.closed || this.session.destroyed) {
      const session = http2.connect(this.origin, { maxSessionMemory: 64 });
      session.on("error", () => undefined);
      session.on("goaway", () => session.close());
      this.session = session;
    }
    return this.session;
  }

  request(headers: Record<string, string>, path: string, body: Uint8Array, timeoutMs: number): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const stream = this.open().request({ ":method": "POST", ":path": path, ...headers });
      const chunks: Buffer[] = [];
      let status = 0;
      let responseHeaders: RawResponse["headers"] = {};
      let trailers: RawResponse["trailers"] = {};
      const timer = setTimeout(() => {
        stream.close(http2.constants.NGHTTP2_CANCEL);
        reject(new TimeoutError());
      }, timeoutMs);
      stream.on("response", (h) => {
        status = Number(h[":status"]);
        responseHeaders = h;
      });
      stream.on("trailers", (t) => {
        trailers = t;
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      // A client is done when the response has ended, even if the server stopped reading the
      // request early (an oversized message): like grpc-js, cancel what is left of the upload.
      stream.on("end", () => {
        clearTimeout(timer);
        if (status !== 0) {
          resolve({ status, headers: responseHeaders, trailers, body: new Uint8Array(Buffer.concat(chunks)) });
          if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
        }
      });
      stream.on("close", () => {
        clearTimeout(timer);
        if (status === 0) {
          reject(new Error(`stream closed without a response (rst code ${stream.rstCode})`));
          return;
        }
        resolve({ status, headers: responseHeaders, trailers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
      stream.end(body);
    });
  }

  close(): void {
    this.session?.close();
  }
}

class TimeoutError extends Error {}

function requestHttp1(origin: string, headers: Record<string, string>, path: string, body: Uint8Array, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${origin}${path}`, { method: "POST", headers: { ...headers, "content-length": String(body.length) }, agent: false });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new TimeoutError());
    }, timeoutMs);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers, body: new Uint8Array(Buffer.concat(chunks)) });
      });
      res.on("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}

/** Sends one request and classifies the answer; never throws. */
export async function sendHostile(
  origin: string,
  peer: Http2Peer,
  req: HostileRequest,
  options: { timeoutMs: number; authorization?: string },
): Promise<Outcome> {
  const started = performance.now();
  const headers = requestHeaders(req, options.authorization);
  try {
    const res =
      req.http === "h2"
        ? await peer.request(headers, req.path, framed(req), options.timeoutMs)
        : await requestHttp1(origin, headers, req.path, framed(req), options.timeoutMs);
    const { code, message } = classify(req, res);
    return { code, httpStatus: res.status, message, ms: performance.now() - started };
  } catch (err) {
    const ms = performance.now() - started;
    if (err instanceof TimeoutError) return { code: "timeout", httpStatus: 0, message: `no answer in ${options.timeoutMs} ms`, ms };
    return { code: "transport_error", httpStatus: 0, message: err instanceof Error ? err.message : String(err), ms };
  }
}
