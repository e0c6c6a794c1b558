/**
 * TLS on the one port: gRPC (grpc-js), Connect JSON over HTTP/1.1 (node:https) and gRPC-Web over
 * HTTP/2 (node:http2) all work, chosen by ALPN. With a client CA (mTLS) a client without a
 * certificate, or with one of another CA, is refused at the handshake, and a verified certificate
 * reaches the handler as `clientCertificateKey`, on the unary fast path as through connect.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import https from "node:https";
import http2 from "node:http2";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { GetSegmentRequestSchema, GetSegmentResponseSchema, SegmentService, type GetSegmentRequest } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { clientCertificateKey } from "../../src/server/call-context.js";
import { startServer, type RunningServer, type TlsMaterial } from "../../src/server/create-server.js";
import { createHealthService } from "../../src/server/health-service.js";
import { HealthStatus } from "../../src/server/health-status.js";
import { createLogger } from "../../src/server/logger.js";
import { makeTestCertificates, type CertifiedKey } from "../support/test-certificates.js";
import { lookup, PROTO_DIR, type LogLine } from "./harness.js";

const certs = makeTestCertificates();
const NO_CERTIFICATE = "(no client certificate)";

/** GetSegment answers who the call context says the caller is: subject as name, fingerprint as description. */
const whoAmI = {
  async getSegment(_req: GetSegmentRequest, ctx: HandlerContext) {
    const cert = ctx.values.get(clientCertificateKey);
    return create(GetSegmentResponseSchema, { segment: { name: cert?.subject ?? NO_CERTIFICATE, description: cert?.fingerprint256 ?? "" } });
  },
};

interface TlsServer {
  readonly server: RunningServer;
  readonly port: number;
  readonly logs: LogLine[];
}

async function startTlsServer(tls: TlsMaterial, unaryFastPath: boolean): Promise<TlsServer> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const health = new HealthStatus();
  const server = await startServer({
    port: 0,
    host: "127.0.0.1",
    logger: createLogger("info", sink),
    maxRequestBytes: 64 * 1024,
    health,
    unaryFastPath,
    tls,
    routes: (router) => {
      router.service(Health, createHealthService(health));
      router.service(SegmentService, whoAmI);
    },
  });
  return { server, port: server.port, logs };
}

type Who = { name: string; description: string };

function grpcJsSegments(port: number, client?: CertifiedKey): grpc.Client & Record<string, Function> {
  const definition = grpc.loadPackageDefinition(protoLoader.loadSync("kontorion/segments/v1/segment_service.proto", { includeDirs: [PROTO_DIR], keepCase: true }));
  const Ctor = lookup(definition, "kontorion.segments.v1.SegmentService") as new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client;
  const credentials = client ? grpc.credentials.createSsl(certs.ca.cert, client.key, client.cert) : grpc.credentials.createSsl(certs.ca.cert);
  return new Ctor(`localhost:${port}`, credentials) as grpc.Client & Record<string, Function>;
}

function grpcJsWhoAmI(port: number, client?: CertifiedKey): Promise<Who> {
  const segments = grpcJsSegments(port, client);
  return new Promise<Who>((resolve, reject) => {
    (segments["GetSegment"] as Function).call(segments, { id: "x" }, { deadline: Date.now() + 5000 }, (err: grpc.ServiceError | null, res: { segment: Who }) => {
      segments.close();
      if (err) reject(err);
      else resolve({ name: res.segment.name, description: res.segment.description ?? "" });
    });
  });
}

/** Connect JSON over HTTP/1.1 + TLS; also reports the protocol ALPN chose. */
function connectJsonWhoAmI(port: number, client?: CertifiedKey, alpn: string[] = ["http/1.1"]): Promise<Who & { alpn: string | false | null }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/kontorion.segments.v1.SegmentService/GetSegment",
        headers: { "content-type": "application/json" },
        ca: certs.ca.cert,
        ...(client ? { cert: client.cert, key: client.key } : {}),
        ...(alpn.length > 0 ? { ALPNProtocols: alpn } : {}),
        agent: false,
      },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => {
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${body}`));
          const { segment } = JSON.parse(body) as { segment: { name: string; description?: string } };
          resolve({ name: segment.name, description: segment.description ?? "", alpn: (res.socket as import("node:tls").TLSSocket).alpnProtocol });
        });
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify({ id: "x" }));
  });
}

/** gRPC-Web (binary) over HTTP/2 + TLS with node:http2. */
async function grpcWebWhoAmI(port: number, client?: CertifiedKey): Promise<Who & { alpn: string | undefined }> {
  const session = http2.connect(`https://localhost:${port}`, { ca: certs.ca.cert, ...(client ? { cert: client.cert, key: client.key } : {}) });
  try {
    await new Promise<void>((resolve, reject) => {
      session.once("connect", () => resolve());
      session.once("error", reject);
    });
    const message = toBinary(GetSegmentRequestSchema, create(GetSegmentRequestSchema, { id: "x" }));
    const frame = Buffer.alloc(5 + message.length);
    frame.writeUInt32BE(message.length, 1);
    frame.set(message, 5);
    const stream = session.request({
      ":method": "POST",
      ":path": "/kontorion.segments.v1.SegmentService/GetSegment",
      "content-type": "application/grpc-web+proto",
      "x-grpc-web": "1",
    });
    stream.end(frame);
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve, reject) => {
      stream.on("end", resolve);
      stream.on("error", reject);
    });
    const body = Buffer.concat(chunks);
    const length = body.readUInt32BE(1);
    expect(body[0]).toBe(0);
    const trailer = body.subarray(5 + length + 5).toString("latin1");
    expect(trailer).toMatch(/grpc-status: ?0/);
    const { segment } = fromBinary(GetSegmentResponseSchema, body.subarray(5, 5 + length));
    return { name: segment?.name ?? "", description: segment?.description ?? "", alpn: session.alpnProtocol };
  } finally {
    session.close();
  }
}

describe("TLS without a client CA", () => {
  let srv: TlsServer;
  beforeAll(async () => {
    srv = await startTlsServer({ cert: certs.server.cert, key: certs.server.key }, true);
  });
  afterAll(() => srv.server.close(500));

  it("serves gRPC over h2 to grpc-js with TLS credentials; no client certificate on the context", async () => {
    expect(await grpcJsWhoAmI(srv.port)).toEqual({ name: NO_CERTIFICATE, description: "" });
  });

  it("serves Connect JSON over HTTP/1.1 + TLS, with ALPN or without", async () => {
    expect(await connectJsonWhoAmI(srv.port)).toEqual({ name: NO_CERTIFICATE, description: "", alpn: "http/1.1" });
    expect(await connectJsonWhoAmI(srv.port, undefined, [])).toEqual({ name: NO_CERTIFICATE, description: "", alpn: false });
  });

  it("serves gRPC-Web over HTTP/2 + TLS", async () => {
    expect(await grpcWebWhoAmI(srv.port)).toEqual({ name: NO_CERTIFICATE, description: "", alpn: "h2" });
  });

  it("does not put a certificate a client offers unasked on the context", async () => {
    expect((await grpcJsWhoAmI(srv.port, certs.client)).name).toBe(NO_CERTIFICATE);
  });

  it("refuses cleartext on the TLS port", async () => {
    const definition = grpc.loadPackageDefinition(protoLoader.loadSync("grpc/health/v1/health.proto", { includeDirs: [PROTO_DIR] }));
    const Ctor = lookup(definition, "grpc.health.v1.Health") as new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client;
    const plain = new Ctor(`127.0.0.1:${srv.port}`, grpc.credentials.createInsecure()) as grpc.Client & Record<string, Function>;
    const code = await new Promise<grpc.status>((resolve) =>
      (plain["Check"] as Function).call(plain, { service: "" }, { deadline: Date.now() + 3000 }, (err: grpc.ServiceError | null) => resolve(err ? err.code : grpc.status.OK)),
    );
    plain.close();
    expect(code).toBe(grpc.status.UNAVAILABLE);
  });
});

describe.each([true, false])("mTLS (unary fast path %s)", (unaryFastPath) => {
  let srv: TlsServer;
  const promo = { name: "CN=promo,OU=Promotions,O=Kontorion", description: certs.clientFingerprint256 };
  beforeAll(async () => {
    srv = await startTlsServer({ cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert }, unaryFastPath);
  });
  afterAll(() => srv.server.close(500));

  it("puts the verified client certificate on the context of a gRPC call", async () => {
    expect(await grpcJsWhoAmI(srv.port, certs.client)).toEqual(promo);
  });

  it("puts it on the context of Connect over HTTP/1.1 and gRPC-Web over HTTP/2", async () => {
    expect(await connectJsonWhoAmI(srv.port, certs.client)).toEqual({ ...promo, alpn: "http/1.1" });
    expect(await grpcWebWhoAmI(srv.port, certs.client)).toEqual({ ...promo, alpn: "h2" });
  });

  it.each([
    ["without a client certificate", undefined],
    ["with a certificate of another CA", certs.stranger],
  ] as const)("refuses a gRPC client %s", async (_what, client) => {
    const failure = await grpcJsWhoAmI(srv.port, client).then(
      () => undefined,
      (err: grpc.ServiceError) => err,
    );
    expect(failure?.code).toBe(grpc.status.UNAVAILABLE);
    expect(srv.logs.some((l) => l.msg === "TLS handshake failed")).toBe(true);
  });

  it("refuses Connect over HTTP/1.1 and gRPC-Web over HTTP/2 without a trusted client certificate", async () => {
    await expect(connectJsonWhoAmI(srv.port)).rejects.toThrow();
    await expect(connectJsonWhoAmI(srv.port, certs.stranger)).rejects.toThrow();
    await expect(grpcWebWhoAmI(srv.port, certs.stranger)).rejects.toThrow();
  });

  it("logs why a handshake failed, and that the server speaks mTLS", async () => {
    await grpcJsWhoAmI(srv.port, certs.stranger).catch(() => undefined);
    const reasons = srv.logs.filter((l) => l.msg === "TLS handshake failed").map((l) => l["reason"]);
    expect(reasons).toContain("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(srv.logs.find((l) => l.msg === "server listening")).toMatchObject({ tls: "mtls" });
  });
});
