/**
 * The benchmark's client of the service: @grpc/grpc-js with the .proto files loaded by
 * @grpc/proto-loader, sharing no code with the server. Requests are plain objects with proto
 * field names. int64 fields decode as numbers (ids are safe integers), which is also the cheapest
 * decoding protobufjs offers for the long id lists of ListMembers.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PROTO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../proto");

/** The grpc-js client of kontorion.segments.v1.SegmentService. */
export type SegmentServiceClient = grpc.Client;

/** A google.protobuf.Timestamp as proto-loader objects carry it. */
export interface TimestampObject {
  readonly seconds: string;
  readonly nanos: number;
}

/** The Timestamp of an epoch millisecond instant. */
export function timestampObject(epochMs: number): TimestampObject {
  return { seconds: String(Math.floor(epochMs / 1000)), nanos: (epochMs % 1000) * 1_000_000 };
}

/**
 * A client interceptor sending `authorization: Bearer <token>` with every call, as a calling
 * service does (grpc-js allows call credentials only on TLS channels, so as metadata here).
 */
function bearerInterceptor(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set("authorization", `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

/**
 * Opens a client on 127.0.0.1:`port` (one HTTP/2 connection, calls multiplexed on it), sending
 * `token` as the bearer token of every call.
 */
export function openClient(port: number, token: string): SegmentServiceClient {
  const definition = protoLoader.loadSync("kontorion/segments/v1/segment_service.proto", {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    kontorion: { segments: { v1: { SegmentService: grpc.ServiceClientConstructor } } };
  };
  return new pkg.kontorion.segments.v1.SegmentService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 64 * 1024 * 1024,
    interceptors: [bearerInterceptor(token)],
  });
}

/**
 * A client of grpc.health.v1.Health on the same server: its Check touches no database, so its
 * throughput is the floor any RPC of this server stack can reach on this machine.
 */
export function openHealthClient(port: number): grpc.Client {
  const definition = protoLoader.loadSync("grpc/health/v1/health.proto", { includeDirs: [PROTO_ROOT], keepCase: true, defaults: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } } };
  return new pkg.grpc.health.v1.Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}

/** One grpc.health.v1.Health/Check of the overall server (service ""); rejects on any error. */
export function checkHealth(client: grpc.Client): Promise<void> {
  const check = (client as unknown as { Check: (request: { service: string }, callback: (err: Error | null) => void) => void }).Check;
  return new Promise((resolve, reject) => check.call(client, { service: "" }, (err) => (err ? reject(err) : resolve())));
}

type UnaryMethod = (request: unknown, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, response: unknown) => void) => grpc.ClientUnaryCall;
type StreamMethod = (request: unknown, options?: grpc.CallOptions) => grpc.ClientReadableStream<unknown>;

/** Calls a unary method; rejects with the grpc ServiceError. */
export function unary<T>(client: SegmentServiceClient, method: string, request: unknown, deadlineMs = 60_000): Promise<T> {
  const call = (client as unknown as Record<string, UnaryMethod>)[method];
  if (!call) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) => {
    call.call(client, request, { deadline: Date.now() + deadlineMs }, (err, response) => (err ? reject(err) : resolve(response as T)));
  });
}

/** Starts a server-streaming call. */
export function serverStream<T>(client: SegmentServiceClient, method: string, request: unknown): grpc.ClientReadableStream<T> {
  const call = (client as unknown as Record<string, StreamMethod>)[method];
  if (!call) throw new Error(`no method ${method}`);
  return call.call(client, request) as grpc.ClientReadableStream<T>;
}

/** Waits until the channel is connected. */
export function waitForReady(client: SegmentServiceClient, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())));
}
