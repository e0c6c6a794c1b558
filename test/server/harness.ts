/**
 * A real server on a free port with a stub SegmentService, plus independent @grpc/grpc-js clients
 * built from the .proto files (not from our generated code), for the server tests.
 */
import { create, type DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import {
  GetSegmentResponseSchema,
  ListMembersResponseSchema,
  SegmentService,
  type GetSegmentRequest,
  type ListMembersRequest,
} from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { UserError } from "../../src/errors/user-error.js";
import type { ConnectionLimits } from "../../src/server/connection-limits.js";
import { startServer, type RunningServer, type TlsMaterial } from "../../src/server/create-server.js";
import { createHealthService } from "../../src/server/health-service.js";
import { HealthStatus } from "../../src/server/health-status.js";
import { createLogger } from "../../src/server/logger.js";
import { registerReflection } from "../../src/server/reflection-service.js";

/** Directory of the public .proto files. */
export const PROTO_DIR = fileURLToPath(new URL("../../proto", import.meta.url));

/** A parsed pino line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A started test server with its health registry and captured log lines. */
export interface TestServer {
  readonly server: RunningServer;
  readonly port: number;
  readonly address: string;
  readonly health: HealthStatus;
  readonly logs: LogLine[];
  close(graceMs?: number): Promise<void>;
}

/**
 * Stub SegmentService: GetSegment and ListMembers behave by request id/cursor so tests can
 * provoke each outcome; every other method is left out and so answers UNIMPLEMENTED.
 */
export const stubSegmentService: Partial<ServiceImpl<typeof SegmentService>> = {
  async getSegment(req: GetSegmentRequest, ctx: HandlerContext) {
    switch (req.id) {
      case "plain-error":
        throw new Error("secret database password leaked in stack");
      case "user-error":
        throw new UserError("invalid_argument", "predicate.and[2]", "unknown field customer.foo");
      case "connect-error":
        throw new ConnectError("segment gone", Code.NotFound);
      case "slow":
        await sleep(400, undefined, { signal: ctx.signal }).catch(() => undefined);
        return create(GetSegmentResponseSchema, {});
      case "until-aborted":
        // Fails with the reason of the abort (reset, deadline, shutdown): what the handler saw.
        if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        throw ConnectError.from(ctx.signal.reason);
      default:
        throw new ConnectError("not implemented in the stub", Code.Unimplemented);
    }
  },
  async *listMembers(req: ListMembersRequest, ctx: HandlerContext) {
    yield create(ListMembersResponseSchema, { customerIds: [1n, 2n] });
    switch (req.cursor) {
      case "fail-after-one":
        throw new Error("stream cause that must stay in the log");
      case "user-error-after-one":
        throw new UserError("failed_precondition", "cursor", "cursor is stale");
      case "until-cancelled":
        await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
        return;
      case "forever":
        // Deliberately ignores ctx.signal: only destroying the connection ends it.
        await new Promise(() => undefined);
        return;
      default:
        yield create(ListMembersResponseSchema, { customerIds: [3n] });
    }
  },
};

/** Services the test server describes through reflection. */
export const EXPOSED_SERVICES: readonly DescService[] = [SegmentService, Health];

/** Starts a server on port 0 with health, reflection and the stub SegmentService. */
export async function startTestServer(options: {
  maxRequestBytes?: number;
  health?: HealthStatus;
  extraRoutes?: (router: ConnectRouter) => void;
  /** false: every call through connect's handler (see src/server/unary-fast-path/). */
  unaryFastPath?: boolean;
  tls?: TlsMaterial;
  connections?: Partial<ConnectionLimits>;
} = {}): Promise<TestServer> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const health = options.health ?? new HealthStatus();
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    logger: createLogger("info", sink),
    maxRequestBytes: options.maxRequestBytes ?? 64 * 1024,
    health,
    ...(options.unaryFastPath === undefined ? {} : { unaryFastPath: options.unaryFastPath }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.connections === undefined ? {} : { connections: options.connections }),
    routes: (router) => {
      router.service(Health, createHealthService(health));
      router.service(SegmentService, stubSegmentService);
      registerReflection(router, EXPOSED_SERVICES);
      options.extraRoutes?.(router);
    },
  });
  return {
    server,
    port: server.port,
    address: `127.0.0.1:${server.port}`,
    health,
    logs,
    close: (graceMs = 1000) => server.close(graceMs),
  };
}

const LOADER_OPTIONS: protoLoader.Options = {
  includeDirs: [PROTO_DIR],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

type ServiceClientCtor = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ChannelOptions) => grpc.Client;

/** A grpc-js client of `serviceName` declared in `protoFile` (relative to PROTO_DIR). */
export function grpcClient(protoFile: string, serviceName: string, address: string): grpc.Client & Record<string, Function> {
  const definition = grpc.loadPackageDefinition(protoLoader.loadSync(protoFile, LOADER_OPTIONS));
  const ctor = lookup(definition, serviceName) as unknown as ServiceClientCtor;
  return new ctor(address, grpc.credentials.createInsecure()) as grpc.Client & Record<string, Function>;
}

/** Resolves a dotted name in a loaded grpc package definition. */
export function lookup(definition: grpc.GrpcObject, dottedName: string): unknown {
  let node: unknown = definition;
  for (const part of dottedName.split(".")) node = (node as Record<string, unknown>)[part];
  if (!node) throw new Error(`${dottedName} not found in package definition`);
  return node;
}

/** Outcome of a unary grpc-js call. */
export type UnaryOutcome<T> = { ok: true; value: T } | { ok: false; error: grpc.ServiceError };

/** Calls a unary grpc-js method and returns its outcome instead of throwing. */
export function callUnary<T>(client: grpc.Client & Record<string, Function>, method: string, request: object): Promise<UnaryOutcome<T>> {
  return new Promise((resolve) => {
    const fn = client[method];
    if (!fn) throw new Error(`no method ${method}`);
    fn.call(client, request, { deadline: Date.now() + 5000 }, (error: grpc.ServiceError | null, value: T) => {
      resolve(error ? { ok: false, error } : { ok: true, value });
    });
  });
}

/** Polls `probe` until it returns true or `timeoutMs` passes. */
export async function eventually(probe: () => Promise<boolean> | boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await sleep(10);
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
