/**
 * The authenticator over a fabricated caller lookup (no database: what is tested is the
 * resolution and the cache; test/auth/caller-store.test.ts covers the table), and the auth
 * interceptor called directly with fabricated context values, as the TLS layer would set them.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, type UnaryRequest } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { IsMemberRequestSchema, IsMemberResponseSchema, SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { buildAccessRules } from "../../src/auth/access-rules.js";
import { createAuthInterceptor } from "../../src/auth/auth-interceptor.js";
import { Authenticator, type CallerLookup } from "../../src/auth/authenticate.js";
import { mintToken } from "../../src/auth/bearer-token.js";
import type { CallerRecord } from "../../src/auth/caller-store.js";
import type { Scope } from "../../src/auth/scopes.js";
import { callerKey, clientCertificateKey } from "../../src/server/call-context.js";
import { createLogger } from "../../src/server/logger.js";

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(":");

/** An in-memory lookup that counts its reads. */
class FakeLookup implements CallerLookup {
  readonly records: CallerRecord[] = [];
  reads = 0;
  failNext = false;

  addToken(name: string, scopes: Scope[]): { token: string; record: CallerRecord } {
    const minted = mintToken();
    const record = this.record(minted.id, name, scopes, { secretHash: minted.secretHash });
    return { token: minted.token, record };
  }

  addCertificate(name: string, scopes: Scope[], subject: string, fingerprint256?: string): CallerRecord {
    return this.record(`c${this.records.length}`.padEnd(16, "0"), name, scopes, { certificateSubject: subject, certificateFingerprint256: fingerprint256 });
  }

  revoke(id: string): void {
    const i = this.records.findIndex((r) => r.id === id);
    this.records[i] = { ...this.records[i]!, revokedAtMs: 1 };
  }

  async findById(id: string): Promise<CallerRecord | undefined> {
    return this.read(() => this.records.find((r) => r.id === id));
  }

  async findActiveByCertificateSubject(subject: string): Promise<CallerRecord | undefined> {
    return this.read(() => this.records.find((r) => r.certificateSubject === subject && r.revokedAtMs === undefined));
  }

  private read<T>(get: () => T): T {
    this.reads++;
    if (this.failNext) {
      this.failNext = false;
      throw new Error("connect ECONNREFUSED");
    }
    return get();
  }

  private record(id: string, name: string, scopes: Scope[], extra: Partial<CallerRecord>): CallerRecord {
    const record: CallerRecord = {
      id,
      name,
      scopes,
      secretHash: undefined,
      certificateSubject: undefined,
      certificateFingerprint256: undefined,
      origin: "cli",
      createdAtMs: 0,
      revokedAtMs: undefined,
      ...extra,
    };
    this.records.push(record);
    return record;
  }
}

function setup(cacheMs = 5000) {
  const lookup = new FakeLookup();
  let now = 1_000_000;
  const authenticator = new Authenticator(lookup, { cacheMs, now: () => now });
  return { lookup, authenticator, advance: (ms: number) => (now += ms) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}`, certificate: undefined });

describe("Authenticator", () => {
  it("resolves a bearer token to its caller; the scheme is case-insensitive", async () => {
    const { lookup, authenticator } = setup();
    const { token, record } = lookup.addToken("promotions", ["evaluate:saved"]);
    for (const header of [`Bearer ${token}`, `bearer ${token}`, `BEARER  ${token} `]) {
      const result = await authenticator.authenticate({ authorization: header, certificate: undefined });
      expect(result).toEqual({ ok: true, caller: { id: record.id, name: "promotions", scopes: new Set(["evaluate:saved"]), via: "bearer_token" } });
    }
  });

  it.each([
    ["no credentials", { authorization: null, certificate: undefined }, "missing"],
    ["another scheme", { authorization: "Basic dXNlcjpwdw==", certificate: undefined }, "malformed"],
    ["a bearer that is not a token", { authorization: "Bearer hello", certificate: undefined }, "malformed"],
    ["an empty bearer", { authorization: "Bearer ", certificate: undefined }, "malformed"],
    ["a huge header", { authorization: `Bearer ${"x".repeat(10_000)}`, certificate: undefined }, "malformed"],
    ["a well-formed unknown token", bearer(mintToken().token), "unknown_token"],
  ])("%s → %s", async (_name, credentials, failure) => {
    const { authenticator } = setup();
    expect(await authenticator.authenticate(credentials)).toEqual({ ok: false, failure });
  });

  it("the right id with a wrong secret is refused", async () => {
    const { lookup, authenticator } = setup();
    const { token } = lookup.addToken("promotions", ["evaluate:saved"]);
    const forged = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect(await authenticator.authenticate(bearer(forged))).toEqual({ ok: false, failure: "unknown_token" });
  });

  it("caches lookups for cacheMs: a revoked token works until then, and not after", async () => {
    const { lookup, authenticator, advance } = setup(5000);
    const { token, record } = lookup.addToken("promotions", ["evaluate:saved"]);
    expect((await authenticator.authenticate(bearer(token))).ok).toBe(true);
    lookup.revoke(record.id);
    advance(4999);
    expect((await authenticator.authenticate(bearer(token))).ok).toBe(true);
    expect(lookup.reads).toBe(1);
    advance(1);
    expect(await authenticator.authenticate(bearer(token))).toEqual({ ok: false, failure: "revoked_token" });
    expect(lookup.reads).toBe(2);
  });

  it("unknown ids are cached too, so a flood of made-up tokens reads the store once per id and interval", async () => {
    const { lookup, authenticator } = setup();
    const token = mintToken().token;
    await Promise.all(Array.from({ length: 50 }, () => authenticator.authenticate(bearer(token))));
    expect(lookup.reads).toBe(1);
  });

  it("a failed read is not cached: the next request reads again", async () => {
    const { lookup, authenticator } = setup();
    const { token } = lookup.addToken("promotions", ["evaluate:saved"]);
    lookup.failNext = true;
    await expect(authenticator.authenticate(bearer(token))).rejects.toThrow(/ECONNREFUSED/);
    expect((await authenticator.authenticate(bearer(token))).ok).toBe(true);
  });

  it("the cache is bounded: the oldest entries go first", async () => {
    const lookup = new FakeLookup();
    const authenticator = new Authenticator(lookup, { cacheMs: 60_000, maxEntries: 2 });
    const [a, b, c] = [mintToken().token, mintToken().token, mintToken().token];
    for (const t of [a, b, c, c, b, a]) await authenticator.authenticate(bearer(t));
    expect(lookup.reads).toBe(4);
  });

  describe("client certificates (mTLS)", () => {
    it("a registered subject identifies the caller when no bearer token is given", async () => {
      const { lookup, authenticator } = setup();
      const record = lookup.addCertificate("dunning", ["evaluate:saved", "members:export"], "CN=dunning");
      const result = await authenticator.authenticate({ authorization: null, certificate: { subject: "CN=dunning", fingerprint256: FINGERPRINT } });
      expect(result).toEqual({ ok: true, caller: { id: record.id, name: "dunning", scopes: new Set(["evaluate:saved", "members:export"]), via: "client_certificate" } });
    });

    it("an unregistered subject, a revoked one, or a pinned fingerprint that differs is refused", async () => {
      const { lookup, authenticator, advance } = setup();
      const revoked = lookup.addCertificate("old", ["explain"], "CN=old");
      lookup.revoke(revoked.id);
      lookup.addCertificate("pinned", ["explain"], "CN=pinned", FINGERPRINT);
      const other = FINGERPRINT.replace(/^10/, "FF");
      for (const certificate of [
        { subject: "CN=stranger", fingerprint256: FINGERPRINT },
        { subject: "CN=old", fingerprint256: FINGERPRINT },
        { subject: "CN=pinned", fingerprint256: other },
      ]) {
        expect(await authenticator.authenticate({ authorization: null, certificate })).toEqual({ ok: false, failure: "unregistered_certificate" });
      }
      advance(10_000);
      expect((await authenticator.authenticate({ authorization: null, certificate: { subject: "CN=pinned", fingerprint256: FINGERPRINT.toLowerCase() } })).ok).toBe(true);
    });

    it("a bearer token wins over the certificate: a wrong token is refused even with a registered certificate", async () => {
      const { lookup, authenticator } = setup();
      lookup.addCertificate("dunning", ["evaluate:saved"], "CN=dunning");
      const { token } = lookup.addToken("promotions", ["explain"]);
      const certificate = { subject: "CN=dunning", fingerprint256: FINGERPRINT };
      expect(await authenticator.authenticate({ authorization: "Bearer nope", certificate })).toEqual({ ok: false, failure: "malformed" });
      const withToken = await authenticator.authenticate({ authorization: `Bearer ${token}`, certificate });
      expect(withToken.ok && withToken.caller.name).toBe("promotions");
    });
  });
});

describe("the auth interceptor with a fabricated client certificate context value", () => {
  const isMember = SegmentService.method.isMember;

  async function call(values: ReturnType<typeof createContextValues>, lookup: FakeLookup, target: "segmentId" | "predicate") {
    const interceptor = createAuthInterceptor({
      rules: buildAccessRules({ reflectionOpen: false }),
      authenticator: () => new Authenticator(lookup, { cacheMs: 0 }),
      logger: createLogger("silent"),
    });
    const value = target === "segmentId" ? "seg_1" : { node: { case: "condition" as const, value: { field: "email" } } };
    const req = {
      stream: false,
      service: SegmentService,
      method: isMember,
      requestMethod: "POST",
      url: "http://localhost/kontorion.segments.v1.SegmentService/IsMember",
      signal: new AbortController().signal,
      header: new Headers(),
      contextValues: values,
      message: create(IsMemberRequestSchema, { target: { target: { case: target, value } as never } }),
    } as unknown as UnaryRequest;
    let seen: unknown;
    await interceptor(async (r) => {
      seen = r.contextValues.get(callerKey);
      return { stream: false, service: SegmentService, method: isMember, header: new Headers(), trailer: new Headers(), message: create(IsMemberResponseSchema, {}) } as never;
    })(req);
    return seen;
  }

  it("identifies the caller from clientCertificateKey and hands it to the handler", async () => {
    const lookup = new FakeLookup();
    lookup.addCertificate("dunning", ["evaluate:saved"], "CN=dunning");
    const values = createContextValues().set(clientCertificateKey, { subject: "CN=dunning", fingerprint256: FINGERPRINT });
    expect(await call(values, lookup, "segmentId")).toMatchObject({ name: "dunning", via: "client_certificate" });
  });

  it("without a certificate or token: UNAUTHENTICATED; with one but a missing scope: PERMISSION_DENIED naming it", async () => {
    const lookup = new FakeLookup();
    lookup.addCertificate("dunning", ["evaluate:saved"], "CN=dunning");
    const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => ConnectError.from(err));
    const none = await refusal(call(createContextValues(), lookup, "segmentId"));
    expect(none?.code).toBe(Code.Unauthenticated);
    const values = createContextValues().set(clientCertificateKey, { subject: "CN=dunning", fingerprint256: FINGERPRINT });
    const inline = await refusal(call(values, lookup, "predicate"));
    expect(inline?.code).toBe(Code.PermissionDenied);
    expect(inline?.rawMessage).toBe('caller "dunning" lacks scope "evaluate:inline" (needed for an inline predicate) to call kontorion.segments.v1.SegmentService/IsMember');
  });
});
