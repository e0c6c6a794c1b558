/**
 * The resume cursor of ListMembers: what was exported (segment id and version, or a digest of the
 * inline predicate), the evaluation instant, the partition and the last id sent. Signed, so a
 * cursor cannot be edited or replayed against another target.
 */
import { createHash } from "node:crypto";
import { invalidArgument } from "../errors/user-error.js";
import type { EncodedPredicate } from "../lower/stored-predicate.js";
import type { TokenSigner } from "../tokens/signed-token.js";

const KIND = "export cursor";

/** Decoded cursor. */
export interface ExportCursor {
  /** Segment id, or undefined for an inline predicate. */
  readonly segmentId: string | undefined;
  /** Segment version exported (0 for inline). */
  readonly version: number;
  /** Digest of the inline predicate ("" for a segment). */
  readonly predicateDigest: string;
  readonly instantMs: number;
  readonly partition: { readonly index: number; readonly count: number } | undefined;
  /** Last customer id already delivered. */
  readonly afterId: number;
}

/**
 * A stable digest of an inline predicate (of its protobuf binary encoding, see
 * src/lower/stored-predicate.ts), to tie a cursor to it.
 */
export function predicateDigest(predicate: EncodedPredicate): string {
  return createHash("sha256").update(predicate).digest("base64url").slice(0, 22);
}

/** Encodes a cursor. */
export function sealCursor(tokens: TokenSigner, c: ExportCursor): string {
  return tokens.seal(KIND, {
    s: c.segmentId ?? null,
    v: c.version,
    d: c.predicateDigest,
    t: c.instantMs,
    p: c.partition ? [c.partition.index, c.partition.count] : null,
    a: c.afterId,
  });
}

/** Decodes a cursor or throws INVALID_ARGUMENT at `path`. */
export function openCursor(tokens: TokenSigner, token: string, path: string): ExportCursor {
  const raw = tokens.open(KIND, token, path) as Record<string, unknown>;
  const { s, v, d, t, p, a } = raw;
  const isInt = (x: unknown): x is number => typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
  const partitionOk = p === null || (Array.isArray(p) && p.length === 2 && isInt(p[0]) && isInt(p[1]));
  if (!(s === null || typeof s === "string") || !isInt(v) || typeof d !== "string" || typeof t !== "number" || !partitionOk || !isInt(a)) {
    throw invalidArgument(path, "malformed export cursor", "INVALID_TOKEN");
  }
  const pair = p as [number, number] | null;
  return {
    segmentId: s ?? undefined,
    version: v,
    predicateDigest: d,
    instantMs: t,
    partition: pair ? { index: pair[0], count: pair[1] } : undefined,
    afterId: a,
  };
}
