/**
 * Who is calling: resolves the credentials of a request to a registered caller. A bearer token
 * (`authorization: Bearer kseg_…`) is looked up by its id and its secret compared with the stored
 * digest in constant time; without one, a client certificate the TLS layer verified against the
 * configured client CA identifies the caller by its subject (and fingerprint, if the registration
 * pins one). A bearer token that is present but wrong is refused even when a certificate would do:
 * the caller said who it is, and it is not.
 *
 * Lookups are cached for `cacheMs` (default 5 s), found or not, so IsMember stays fast and a flood
 * of made-up tokens costs one query per id and interval. A revoked token therefore stops working
 * within `cacheMs` of `tokens revoke`, on every replica.
 */
import { parseToken, secretMatches } from "./bearer-token.js";
import type { Caller } from "../server/call-context.js";
import type { CallerRecord, CallerStore } from "./caller-store.js";

/** A client certificate as the TLS layer reports it (verified against the client CA). */
export interface ClientCertificate {
  readonly subject: string;
  readonly fingerprint256: string;
}

/** What a request presents. */
export interface Credentials {
  /** The authorization header, if any. */
  readonly authorization: string | null;
  readonly certificate: ClientCertificate | undefined;
}

/** Why a request has no caller. */
export type AuthenticationFailure = "missing" | "malformed" | "unknown_token" | "revoked_token" | "unregistered_certificate";

/** The outcome of authenticating a request. */
export type AuthenticationResult = { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly failure: AuthenticationFailure };

/** The subset of CallerStore the authenticator reads. */
export type CallerLookup = Pick<CallerStore, "findById" | "findActiveByCertificateSubject">;

/** Settings of the authenticator. */
export interface AuthenticatorOptions {
  /** How long a lookup is reused, ms. */
  readonly cacheMs: number;
  /** Most cached lookups; the oldest go first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

interface CacheEntry {
  readonly expiresAt: number;
  readonly record: Promise<CallerRecord | undefined>;
}

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/** Resolves credentials to callers, with a short-lived cache of lookups. */
export class Authenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly store: CallerLookup,
    private readonly options: AuthenticatorOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The caller of a request, or why there is none. Rejects only when the store cannot be read. */
  async authenticate(credentials: Credentials): Promise<AuthenticationResult> {
    if (credentials.authorization !== null) return this.bearer(credentials.authorization);
    if (credentials.certificate) return this.certificate(credentials.certificate);
    return { ok: false, failure: "missing" };
  }

  private async bearer(header: string): Promise<AuthenticationResult> {
    const match = header.length <= 256 ? BEARER.exec(header) : null;
    const parsed = match ? parseToken(match[1]!) : undefined;
    if (!parsed) return { ok: false, failure: "malformed" };
    const record = await this.lookup(`id:${parsed.id}`, () => this.store.findById(parsed.id));
    if (!record?.secretHash || !secretMatches(parsed.secret, record.secretHash)) return { ok: false, failure: "unknown_token" };
    if (record.revokedAtMs !== undefined) return { ok: false, failure: "revoked_token" };
    return { ok: true, caller: toCaller(record, "bearer_token") };
  }

  private async certificate(certificate: ClientCertificate): Promise<AuthenticationResult> {
    const record = await this.lookup(`cert:${certificate.subject}`, () => this.store.findActiveByCertificateSubject(certificate.subject));
    const pinned = record?.certificateFingerprint256;
    if (!record || (pinned !== undefined && pinned !== certificate.fingerprint256.toUpperCase())) return { ok: false, failure: "unregistered_certificate" };
    return { ok: true, caller: toCaller(record, "client_certificate") };
  }

  /** A cached lookup, or a new one shared by every concurrent request for the same key. */
  private lookup(key: string, load: () => Promise<CallerRecord | undefined>): Promise<CallerRecord | undefined> {
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.record;
    if (cached) this.cache.delete(key);
    const record = load();
    // A failed read (database down) is not remembered: the next request tries again.
    record.catch(() => {
      if (this.cache.get(key)?.record === record) this.cache.delete(key);
    });
    while (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    this.cache.set(key, { expiresAt: now + this.options.cacheMs, record });
    return record;
  }
}

/** Callers by record and how they proved it: a cached record gives the same object every call. */
const callers = new WeakMap<CallerRecord, Partial<Record<Caller["via"], Caller>>>();

function toCaller(record: CallerRecord, via: Caller["via"]): Caller {
  let byVia = callers.get(record);
  if (!byVia) callers.set(record, (byVia = {}));
  return (byVia[via] ??= { id: record.id, name: record.name, scopes: new Set(record.scopes), via });
}
