/**
 * Callers identified by their client certificate, end to end: the service serves mTLS (a client
 * CA configured), the TLS layer puts the verified certificate on the call's context, and a caller
 * registered for its subject (`tokens create --certificate-subject`) is who calls when no bearer
 * token is sent. Certificates are made with openssl at test time.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CallerStore } from "../../src/auth/caller-store.js";
import { ALL_SCOPES } from "../../src/auth/scopes.js";
import { PROTO_DIR } from "../server/harness.js";
import { makeTestCertificates } from "../support/test-certificates.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const certs = makeTestCertificates();
const SUBJECT = "CN=promo,OU=Promotions,O=Kontorion";
let t: TestApp;
let store: CallerStore;
let client: grpc.Client;
let adminToken: string;

beforeAll(async () => {
  t = await startTestApp("segments_test_auth_mtls", {
    AUTH: "tokens",
    AUTH_CACHE_MS: "0",
    TLS_CERT_FILE: certs.server.certFile,
    TLS_KEY_FILE: certs.server.keyFile,
    TLS_CLIENT_CA_FILE: certs.ca.certFile,
    HOST: "127.0.0.1",
  });
  store = new CallerStore(t.app.knex);
  adminToken = (await store.create({ name: "admin", scopes: ALL_SCOPES, origin: "cli", nowMs: Date.now() })).token!;
  const definition = protoLoader.loadSync("kontorion/segments/v1/segment_service.proto", { includeDirs: [PROTO_DIR], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { kontorion: { segments: { v1: { SegmentService: grpc.ServiceClientConstructor } } } };
  client = new pkg.kontorion.segments.v1.SegmentService(`127.0.0.1:${t.port}`, grpc.credentials.createSsl(certs.ca.cert, certs.client.key, certs.client.cert));
});

afterAll(async () => {
  client?.close();
  await t?.close();
});

function call(method: string, request: object, token?: string): Promise<{ code: grpc.status; details: string }> {
  const md = new grpc.Metadata();
  if (token !== undefined) md.set("authorization", `Bearer ${token}`);
  return new Promise((resolve) =>
    (client as unknown as Record<string, Function>)[method]!.call(client, request, md, { deadline: Date.now() + 5000 }, (err: grpc.ServiceError | null) =>
      resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: "" }),
    ),
  );
}

const OK = { code: grpc.status.OK, details: "" };
const UNREGISTERED = { code: grpc.status.UNAUTHENTICATED, details: "the client certificate is not registered as a caller" };

it("without a bearer token the certificate's registered caller calls, with its scopes", async () => {
  expect(await call("ListSegments", {})).toEqual(UNREGISTERED);
  const { record } = await store.create({ name: "promo", scopes: ["evaluate:saved"], certificate: { subject: SUBJECT }, origin: "cli", nowMs: Date.now() });
  expect(await call("CountMembers", { target: { predicate: { condition: { field: "tier", operator: "OPERATOR_EQ", value: { string_value: "x" } } } } })).toEqual({
    code: grpc.status.PERMISSION_DENIED,
    details: 'caller "promo" lacks scope "evaluate:inline" (needed for an inline predicate) to call kontorion.segments.v1.SegmentService/CountMembers',
  });
  expect(await call("ListSegments", {})).toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: expect.stringContaining('caller "promo" lacks scope "segments:read"') });
  // A bearer token decides over the certificate.
  expect(await call("ListSegments", {}, adminToken)).toEqual(OK);
  await store.revoke(record.id, Date.now());
  expect(await call("ListSegments", {})).toEqual(UNREGISTERED);
});

it("a registration that pins a fingerprint accepts only that certificate", async () => {
  const other = certs.clientFingerprint256.replace(/^../, certs.clientFingerprint256.startsWith("00") ? "11" : "00");
  const pinnedElsewhere = await store.create({ name: "pinned", scopes: ["segments:read"], certificate: { subject: SUBJECT, fingerprint256: other }, origin: "cli", nowMs: Date.now() });
  expect(await call("ListSegments", {})).toEqual(UNREGISTERED);
  await store.revoke(pinnedElsewhere.record.id, Date.now());
  await store.create({ name: "pinned", scopes: ["segments:read"], certificate: { subject: SUBJECT, fingerprint256: certs.clientFingerprint256 }, origin: "cli", nowMs: Date.now() });
  expect(await call("ListSegments", {})).toEqual(OK);
});
