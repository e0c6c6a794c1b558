/**
 * Authentication and authorization of the real service over the network, with AUTH=tokens (the
 * production default): an independent @grpc/grpc-js client (HTTP/2, the unary fast path) and
 * Connect JSON over plain fetch (HTTP/1.1, connect's own pipeline) see UNAUTHENTICATED without a
 * valid caller and PERMISSION_DENIED, naming the scope, for a known caller without it.
 */
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import { SegmentService as SegmentServiceDesc } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallerStore } from "../../src/auth/caller-store.js";
import { ALL_SCOPES, type Scope } from "../../src/auth/scopes.js";
import { grpcJsClient } from "../support/clients.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { grpcClient } from "../server/harness.js";

const SERVICE = "kontorion.segments.v1.SegmentService";
const CACHE_MS = 300;
const inlinePredicate = { condition: { field: "tier", operator: "OPERATOR_EQ", value: { string_value: "enterprise" } } };
const inlinePredicateJson = { condition: { field: "tier", operator: "OPERATOR_EQ", value: { stringValue: "enterprise" } } };

let t: TestApp;
let store: CallerStore;
let client: grpc.Client;
const tokens: Record<"admin" | "promo" | "exporter" | "revoked", string> = { admin: "", promo: "", exporter: "", revoked: "" };
let segmentId: string;

async function register(name: string, scopes: readonly Scope[]): Promise<string> {
  const { token } = await store.create({ name, scopes, origin: "cli", nowMs: Date.now() });
  return token!;
}

beforeAll(async () => {
  t = await startTestApp("segments_test_auth", { AUTH: "tokens", AUTH_CACHE_MS: String(CACHE_MS), LOG_LEVEL: "info" });
  store = new CallerStore(t.app.knex);
  tokens.admin = await register("admin", ALL_SCOPES);
  tokens.promo = await register("promotions", ["evaluate:saved"]);
  tokens.exporter = await register("exporter", ["members:export"]);
  tokens.revoked = await register("former", ALL_SCOPES);
  await store.revoke(tokens.revoked.split("_")[1]!, Date.now());
  client = grpcJsClient(t.port);
  const created = await grpcCall<{ segment: { id: string } }>("CreateSegment", { name: "enterprise", predicate: inlinePredicate }, tokens.admin);
  segmentId = created.segment.id;
});

afterAll(async () => {
  client?.close();
  await t?.close();
});

function metadata(token: string | undefined, header = token === undefined ? undefined : `Bearer ${token}`): grpc.Metadata {
  const md = new grpc.Metadata();
  if (header !== undefined) md.set("authorization", header);
  return md;
}

/** A unary call through grpc-js with `authorization` from `token` (or the raw header). */
function grpcCall<T>(method: string, request: object, token?: string, header?: string): Promise<T> {
  return new Promise((resolve, reject) => {
    (client as unknown as Record<string, Function>)[method]!.call(client, request, metadata(token, header), { deadline: Date.now() + 5000 }, (err: grpc.ServiceError | null, res: T) =>
      err ? reject(err) : resolve(res),
    );
  });
}

async function grpcFailure(method: string, request: object, token?: string, header?: string): Promise<{ code: grpc.status; details: string }> {
  return grpcCall(method, request, token, header).then(
    () => {
      throw new Error(`${method} was expected to fail`);
    },
    (err: grpc.ServiceError) => ({ code: err.code, details: err.details }),
  );
}

/**
 * A Connect JSON call over fetch: the HTTP status and the body (of an error: its code, message
 * and the reason of its google.rpc.ErrorInfo).
 */
async function connectCall(method: string, body: object, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== undefined) headers["authorization"] = `Bearer ${token}`;
  const res = await fetch(`${t.baseUrl}/${SERVICE}/${method}`, { method: "POST", headers, body: JSON.stringify(body) });
  const parsed = (await res.json()) as Record<string, unknown> & { details?: { debug?: { reason?: string } }[] };
  if (res.status === 200) return { status: res.status, body: parsed };
  return { status: res.status, body: { code: parsed["code"], message: parsed["message"], reason: parsed.details?.[0]?.debug?.reason } };
}

const MISSING = 'this RPC needs a caller identity: send the header "authorization: Bearer <token>"';
const UNKNOWN = "unknown or revoked token";

describe("UNAUTHENTICATED: no valid caller", () => {
  const forged = () => `${tokens.admin.slice(0, -3)}${tokens.admin.endsWith("AAA") ? "BBB" : "AAA"}`;
  const cases: [string, () => string | undefined, (() => string) | undefined, string][] = [
    ["no token", () => undefined, undefined, MISSING],
    ["a header that is not a bearer token", () => undefined, () => "Basic YWRtaW46YWRtaW4=", 'malformed authorization header: expected "Bearer kseg_<id>_<secret>"'],
    ["a bearer that is not a token", () => "not-a-token", undefined, 'malformed authorization header: expected "Bearer kseg_<id>_<secret>"'],
    ["a token that was never issued", () => "kseg_0123456789abcdef_" + "A".repeat(43), undefined, UNKNOWN],
    ["a known id with a forged secret", forged, undefined, UNKNOWN],
    ["a revoked token", () => tokens.revoked, undefined, UNKNOWN],
  ];

  it.each(cases)("grpc-js, %s", async (_name, token, header, message) => {
    expect(await grpcFailure("CountMembers", { target: { segment_id: segmentId } }, token(), header?.())).toEqual({ code: grpc.status.UNAUTHENTICATED, details: message });
  });

  it.each(cases.filter(([, , header]) => header === undefined))("Connect JSON, %s", async (_name, token, _header, message) => {
    expect(await connectCall("CountMembers", { target: { segmentId } }, token())).toEqual({ status: 401, body: { code: "unauthenticated", message, reason: "UNAUTHENTICATED" } });
  });

  it("every SegmentService RPC refuses a caller without a token, streaming ones included", async () => {
    const methods = ["CreateSegment", "GetSegment", "UpdateSegment", "DeleteSegment", "ListSegments", "ListSegmentVersions", "ListFields", "IsMember", "BatchIsMember", "CountMembers", "ListCustomerSegments", "ExplainSegment", "ExplainPredicate"];
    for (const method of methods) expect(await connectCall(method, {}), method).toEqual({ status: 401, body: { code: "unauthenticated", message: MISSING, reason: "UNAUTHENTICATED" } });
    for (const method of ["ListMembers", "DiffMembers"]) expect(await serverStreamFailure(method, { id: segmentId, target: { segment_id: segmentId } }), method).toMatchObject({ code: grpc.status.UNAUTHENTICATED });
  });

  it("a revoked token stops working within AUTH_CACHE_MS", async () => {
    const token = await register("short-lived", ["evaluate:saved"]);
    expect(await grpcCall("CountMembers", { target: { segment_id: segmentId } }, token)).toMatchObject({ count: "0" });
    await store.revoke(token.split("_")[1]!, Date.now());
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 50));
    expect(await grpcFailure("CountMembers", { target: { segment_id: segmentId } }, token)).toEqual({ code: grpc.status.UNAUTHENTICATED, details: UNKNOWN });
  });
});

describe("gRPC-Web (HTTP/1.1)", () => {
  const webClient = (token?: string) => {
    const bearer: Interceptor = (next) => (req) => {
      if (token !== undefined) req.header.set("authorization", `Bearer ${token}`);
      return next(req);
    };
    return createClient(SegmentServiceDesc, createGrpcWebTransport({ baseUrl: t.baseUrl, httpVersion: "1.1", interceptors: [bearer] }));
  };
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => ConnectError.from(err));

  it("is checked the same way: no token, a revoked one, a missing scope; a valid caller passes", async () => {
    const request = { target: { target: { case: "segmentId" as const, value: segmentId } } };
    expect(await failure(webClient().countMembers(request))).toMatchObject({ code: Code.Unauthenticated, rawMessage: MISSING });
    expect(await failure(webClient(tokens.revoked).countMembers(request))).toMatchObject({ code: Code.Unauthenticated, rawMessage: UNKNOWN });
    expect(await failure(webClient(tokens.promo).listSegments({}))).toMatchObject({ code: Code.PermissionDenied, rawMessage: expect.stringContaining('"segments:read"') });
    expect((await webClient(tokens.promo).countMembers(request)).count).toBe(0n);
  });
});

/** The status of a server-streaming grpc-js call that is expected to fail. */
function serverStreamFailure(method: string, request: object, token?: string): Promise<{ code: grpc.status; details: string }> {
  return new Promise((resolve, reject) => {
    const call = (client as unknown as Record<string, Function>)[method]!.call(client, request, metadata(token)) as grpc.ClientReadableStream<unknown>;
    call.on("data", () => reject(new Error(`${method} sent data`)));
    call.on("error", (err: grpc.ServiceError) => resolve({ code: err.code, details: err.details }));
    call.on("end", () => reject(new Error(`${method} ended without an error`)));
  });
}

describe("PERMISSION_DENIED: a known caller without the scope", () => {
  it("the message names the scope the call needs (grpc-js and Connect JSON)", async () => {
    const details = 'caller "promotions" lacks scope "segments:read" to call kontorion.segments.v1.SegmentService/ListSegments';
    expect(await grpcFailure("ListSegments", {}, tokens.promo)).toEqual({ code: grpc.status.PERMISSION_DENIED, details });
    expect(await connectCall("ListSegments", {}, tokens.promo)).toEqual({ status: 403, body: { code: "permission_denied", message: details, reason: "PERMISSION_DENIED" } });
    expect(await connectCall("CreateSegment", { name: "x" }, tokens.promo)).toMatchObject({ body: { code: "permission_denied", message: expect.stringContaining('lacks scope "segments:write"') } });
  });

  it("evaluate:saved alone evaluates saved segments but no inline predicate", async () => {
    expect(await grpcCall("CountMembers", { target: { segment_id: segmentId } }, tokens.promo)).toMatchObject({ count: "0" });
    expect(await connectCall("CountMembers", { target: { segmentId } }, tokens.promo)).toMatchObject({ status: 200, body: { segmentVersion: "1" } });
    const inline = (method: string) => `caller "promotions" lacks scope "evaluate:inline" (needed for an inline predicate) to call ${SERVICE}/${method}`;
    for (const [method, request] of [
      ["IsMember", { target: { predicate: inlinePredicate }, customer_id: "1" }],
      ["BatchIsMember", { target: { predicate: inlinePredicate }, customer_ids: ["1"] }],
      ["CountMembers", { target: { predicate: inlinePredicate } }],
    ] as const) {
      expect(await grpcFailure(method, request, tokens.promo), method).toEqual({ code: grpc.status.PERMISSION_DENIED, details: inline(method) });
    }
    expect(await connectCall("IsMember", { target: { predicate: inlinePredicateJson }, customerId: "1" }, tokens.promo)).toEqual({
      status: 403,
      body: { code: "permission_denied", message: inline("IsMember"), reason: "PERMISSION_DENIED" },
    });
  });

  it("streaming RPCs check the request too: export of a saved segment passes, of an inline predicate or a draft does not", async () => {
    const members = await new Promise<unknown[]>((resolve, reject) => {
      const got: unknown[] = [];
      const call = (client as unknown as Record<string, Function>)["ListMembers"]!.call(client, { target: { segment_id: segmentId } }, metadata(tokens.exporter)) as grpc.ClientReadableStream<unknown>;
      call.on("data", (m: unknown) => got.push(m));
      call.on("error", reject);
      call.on("end", () => resolve(got));
    });
    expect(members.length).toBeGreaterThan(0);
    expect(await serverStreamFailure("ListMembers", { target: { predicate: inlinePredicate } }, tokens.exporter)).toEqual({
      code: grpc.status.PERMISSION_DENIED,
      details: `caller "exporter" lacks scope "evaluate:inline" (needed for an inline predicate) to call ${SERVICE}/ListMembers`,
    });
    expect(await serverStreamFailure("DiffMembers", { id: segmentId, draft_predicate: inlinePredicate }, tokens.exporter)).toEqual({
      code: grpc.status.PERMISSION_DENIED,
      details: `caller "exporter" lacks scope "evaluate:inline" (needed for a draft predicate) to call ${SERVICE}/DiffMembers`,
    });
    expect(await serverStreamFailure("ListMembers", { target: { segment_id: segmentId } }, tokens.promo)).toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: expect.stringContaining('"members:export"') });
  });
});

describe("public and semi-public services", () => {
  it("health answers without a token (grpc-js and Connect JSON)", async () => {
    const health = grpcClient("grpc/health/v1/health.proto", "grpc.health.v1.Health", `127.0.0.1:${t.port}`);
    const status = await new Promise((resolve, reject) => (health["Check"] as Function).call(health, {}, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res))));
    health.close();
    expect(status).toEqual({ status: "SERVING" });
    const res = await fetch(`${t.baseUrl}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await res.json()).toEqual({ status: "SERVING" });
  });

  it.each(["v1", "v1alpha"])("reflection %s needs a token (any caller will do) by default", async (version) => {
    expect(await reflect(t.port, version, undefined)).toEqual({ error: { code: grpc.status.UNAUTHENTICATED, details: MISSING } });
    expect(await reflect(t.port, version, tokens.promo)).toEqual({ services: expect.arrayContaining([SERVICE, "grpc.health.v1.Health"]) });
  });
});

describe("audit log", () => {
  it("one line per successful write: caller, RPC, segment id, version; refused writes leave none", async () => {
    const created = await grpcCall<{ segment: { id: string; version: string } }>("CreateSegment", { name: "audited", predicate: inlinePredicate }, tokens.admin);
    const id = created.segment.id;
    await grpcCall("UpdateSegment", { id, expected_version: "1", name: "audited v2" }, tokens.admin);
    expect(await connectCall("DeleteSegment", { id }, tokens.admin)).toEqual({ status: 200, body: {} });
    await grpcFailure("DeleteSegment", { id: segmentId }, tokens.promo);
    await grpcFailure("UpdateSegment", { id: "seg_missing", expected_version: "1", name: "n" }, tokens.admin);
    const audit = t.logs.filter((l) => l["audit"] === true);
    const adminId = tokens.admin.split("_")[1];
    expect(audit.filter((l) => l["segment_id"] === id).map(({ audit, caller, caller_id, rpc, segment_id, version, msg }) => ({ audit, caller, caller_id, rpc, segment_id, version, msg }))).toEqual([
      { audit: true, caller: "admin", caller_id: adminId, rpc: "CreateSegment", segment_id: id, version: 1, msg: "audit" },
      { audit: true, caller: "admin", caller_id: adminId, rpc: "UpdateSegment", segment_id: id, version: 2, msg: "audit" },
      { audit: true, caller: "admin", caller_id: adminId, rpc: "DeleteSegment", segment_id: id, version: 2, msg: "audit" },
    ]);
    expect(audit.some((l) => l["caller"] === "promotions" || l["segment_id"] === "seg_missing")).toBe(false);
  });

  it("the per-RPC log line names the authenticated caller", () => {
    const lines = t.logs.filter((l) => l["msg"] === "rpc" && l["method"] === `/${SERVICE}/ListSegments`);
    expect(lines.some((l) => l["code"] === "permission_denied" && l["caller"] === "promotions")).toBe(true);
  });
});

/** Lists services through reflection; the error of the stream if it fails. */
function reflect(port: number, version: string, token: string | undefined): Promise<{ services: string[] } | { error: { code: grpc.status; details: string } }> {
  const reflection = grpcClient(`grpc/reflection/${version}/reflection.proto`, `grpc.reflection.${version}.ServerReflection`, `127.0.0.1:${port}`);
  return new Promise<{ services: string[] } | { error: { code: grpc.status; details: string } }>((resolve) => {
    const call = (reflection["ServerReflectionInfo"] as Function).call(reflection, metadata(token)) as grpc.ClientDuplexStream<object, { list_services_response?: { service: { name: string }[] } }>;
    const services: string[] = [];
    call.on("data", (r: { list_services_response?: { service: { name: string }[] } }) => services.push(...(r.list_services_response?.service.map((s) => s.name) ?? [])));
    call.on("error", (err: grpc.ServiceError) => resolve({ error: { code: err.code, details: err.details } }));
    call.on("end", () => resolve({ services }));
    call.write({ list_services: "*" });
    call.end();
  }).finally(() => reflection.close());
}

describe.each([
  ["on", "true"],
  ["off", "false"],
])("UNARY_FAST_PATH=%s (and REFLECTION_OPEN=true)", (_name, fastPath) => {
  let app: TestApp;
  let fast: grpc.Client;

  beforeAll(async () => {
    app = await startTestApp(`segments_test_auth_fast_path_${_name}`, { AUTH: "tokens", UNARY_FAST_PATH: fastPath, REFLECTION_OPEN: "true" });
    fast = grpcJsClient(app.port);
  });

  afterAll(async () => {
    fast?.close();
    await app?.close();
  });

  it("a plain unary gRPC IsMember without a token is UNAUTHENTICATED, a valid token passes auth", async () => {
    const call = (md: grpc.Metadata) =>
      new Promise<{ code: grpc.status; details: string }>((resolve) =>
        (fast as unknown as Record<string, Function>)["IsMember"]!.call(fast, { target: { segment_id: "seg_none" }, customer_id: "1" }, md, (err: grpc.ServiceError | null) =>
          resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: "" }),
        ),
      );
    expect(await call(new grpc.Metadata())).toEqual({ code: grpc.status.UNAUTHENTICATED, details: MISSING });
    const { token } = await new CallerStore(app.app.knex).create({ name: "promotions", scopes: ["evaluate:saved"], origin: "cli", nowMs: Date.now() });
    // Past auth, the handler answers: the segment does not exist.
    expect((await call(metadata(token))).code).toBe(grpc.status.NOT_FOUND);
  });

  it("reflection configured open answers without a token", async () => {
    expect(await reflect(app.port, "v1", undefined)).toEqual({ services: expect.arrayContaining([SERVICE]) });
  });
});
