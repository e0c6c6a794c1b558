/**
 * The registered callers, kept in the api_callers table: created and revoked by the tokens
 * command (src/cli/tokens.ts), read by the authenticator. A bearer caller is stored with the
 * SHA-256 digest of its secret only; a certificate caller with the subject (and optionally the
 * SHA-256 fingerprint) its client certificate must show.
 */
import type { Knex } from "knex";
import { msToSqlDatetime, sqlDatetimeToMs } from "../db/sql-datetime.js";
import { mintToken } from "./bearer-token.js";
import { isScope, type Scope } from "./scopes.js";
import { randomBytes } from "node:crypto";

/** A caller as stored. */
export interface CallerRecord {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** SHA-256 of the bearer secret; undefined for a certificate caller. */
  readonly secretHash: Buffer | undefined;
  readonly certificateSubject: string | undefined;
  readonly certificateFingerprint256: string | undefined;
  /** "cli" (the tokens command) or "dev" (AUTH=dev, made at start). */
  readonly origin: CallerOrigin;
  readonly createdAtMs: number;
  readonly revokedAtMs: number | undefined;
}

/** Who registered a caller. */
export type CallerOrigin = "cli" | "dev";

/** What registering a caller needs. */
export interface NewCaller {
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** When set, the caller is identified by its client certificate and gets no bearer token. */
  readonly certificate?: { readonly subject: string; readonly fingerprint256?: string };
  readonly origin: CallerOrigin;
  readonly nowMs: number;
}

interface CallerRow {
  id: string;
  name: string;
  scopes: string;
  secret_hash: Buffer | null;
  certificate_subject: string | null;
  certificate_fingerprint256: string | null;
  origin: string;
  created_at: string;
  revoked_at: string | null;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const FINGERPRINT_PATTERN = /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/;
const MAX_SUBJECT_LENGTH = 512;

/** Reads and writes api_callers. */
export class CallerStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Registers a caller. Returns its record and, for a bearer caller, the token: the only time
   * the secret exists outside the caller's hands.
   */
  async create(input: NewCaller): Promise<{ record: CallerRecord; token: string | undefined }> {
    if (!NAME_PATTERN.test(input.name)) throw new Error(`name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit; got ${JSON.stringify(input.name)}`);
    if (input.scopes.length === 0) throw new Error("a caller needs at least one scope");
    const certificate = input.certificate && checkCertificate(input.certificate);
    const minted = certificate ? undefined : mintToken();
    const id = minted?.id ?? randomBytes(8).toString("hex");
    const row: CallerRow = {
      id,
      name: input.name,
      scopes: input.scopes.join(","),
      secret_hash: minted?.secretHash ?? null,
      certificate_subject: certificate?.subject ?? null,
      certificate_fingerprint256: certificate?.fingerprint256 ?? null,
      origin: input.origin,
      created_at: msToSqlDatetime(input.nowMs),
      revoked_at: null,
    };
    await this.knex.transaction(async (trx) => {
      if (certificate) {
        const clash = await trx<CallerRow>("api_callers").where({ certificate_subject: certificate.subject }).whereNull("revoked_at").forUpdate().first();
        if (clash) throw new Error(`caller ${clash.id} (${clash.name}) already has certificate subject ${JSON.stringify(certificate.subject)}: revoke it first`);
      }
      await trx("api_callers").insert(row);
    });
    return { record: toRecord(row), token: minted?.token };
  }

  /** Every caller, revoked ones included, oldest first. */
  async list(): Promise<CallerRecord[]> {
    const rows = await this.knex<CallerRow>("api_callers").orderBy([{ column: "created_at" }, { column: "id" }]);
    return rows.map(toRecord);
  }

  /** The caller with registration id `id`, revoked or not. */
  async findById(id: string): Promise<CallerRecord | undefined> {
    const row = await this.knex<CallerRow>("api_callers").where({ id }).first();
    return row && toRecord(row);
  }

  /** The active caller registered for certificate subject `subject`, if any. */
  async findActiveByCertificateSubject(subject: string): Promise<CallerRecord | undefined> {
    if (subject.length > MAX_SUBJECT_LENGTH) return undefined;
    const row = await this.knex<CallerRow>("api_callers").where({ certificate_subject: subject }).whereNull("revoked_at").orderBy("created_at", "desc").first();
    return row && toRecord(row);
  }

  /** How many callers are not revoked. */
  async countActive(): Promise<number> {
    const [row] = (await this.knex("api_callers").whereNull("revoked_at").count({ n: "*" })) as { n: number | string }[];
    return Number(row?.n ?? 0);
  }

  /** Revokes caller `id`; false when there is none or it was already revoked. */
  async revoke(id: string, nowMs: number): Promise<boolean> {
    const changed = await this.knex("api_callers").where({ id }).whereNull("revoked_at").update({ revoked_at: msToSqlDatetime(nowMs) });
    return changed > 0;
  }

  /** Revokes every active caller of `origin`; returns how many. */
  async revokeOrigin(origin: CallerOrigin, nowMs: number): Promise<number> {
    return this.knex("api_callers").where({ origin }).whereNull("revoked_at").update({ revoked_at: msToSqlDatetime(nowMs) });
  }
}

function checkCertificate(certificate: { subject: string; fingerprint256?: string }): { subject: string; fingerprint256: string | undefined } {
  const subject = certificate.subject.trim();
  if (subject === "" || subject.length > MAX_SUBJECT_LENGTH) throw new Error(`certificate subject must be 1-${MAX_SUBJECT_LENGTH} characters`);
  const fingerprint256 = certificate.fingerprint256?.trim().toUpperCase();
  if (fingerprint256 !== undefined && !FINGERPRINT_PATTERN.test(fingerprint256)) {
    throw new Error(`certificate fingerprint must be a SHA-256 fingerprint as 32 colon-separated hex bytes (AB:CD:…), got ${JSON.stringify(certificate.fingerprint256)}`);
  }
  return { subject, fingerprint256 };
}

function toRecord(row: CallerRow): CallerRecord {
  return {
    id: row.id,
    name: row.name,
    // A scope this version does not know (written by a newer one) grants nothing here.
    scopes: row.scopes.split(",").filter(isScope),
    secretHash: row.secret_hash ?? undefined,
    certificateSubject: row.certificate_subject ?? undefined,
    certificateFingerprint256: row.certificate_fingerprint256 ?? undefined,
    origin: row.origin === "dev" ? "dev" : "cli",
    createdAtMs: sqlDatetimeToMs(row.created_at),
    revokedAtMs: row.revoked_at === null ? undefined : sqlDatetimeToMs(row.revoked_at),
  };
}
