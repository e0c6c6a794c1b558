/**
 * The bearer token format: `kseg_<id>_<secret>`. The id (16 hex digits) is public and finds the
 * caller's row; the secret (32 random bytes, base64url) is shown once and stored only as its
 * SHA-256 digest.
 *
 * Why a plain SHA-256 and not bcrypt/scrypt/argon2: slow hashes protect guessable passwords
 * against brute force once the table leaks. A 256-bit random secret cannot be guessed, so a fast
 * hash already makes the stored digest useless to whoever reads it, and checking a token stays
 * cheap enough for every IsMember call. Digests are compared with crypto.timingSafeEqual, so the
 * time of a comparison does not tell how many leading bytes of a guess were right.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "kseg_";
const TOKEN_PATTERN = /^kseg_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Longer strings are not tokens: they are refused before any parsing. */
const MAX_TOKEN_LENGTH = 128;

/** A token split into its parts. */
export interface ParsedToken {
  readonly id: string;
  readonly secret: string;
}

/** A freshly minted token: the full text (shown once) and what is stored. */
export interface MintedToken {
  readonly id: string;
  readonly token: string;
  readonly secretHash: Buffer;
}

/** Makes a new random token. */
export function mintToken(): MintedToken {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `${PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The token's id and secret, or undefined when `text` is not a token of this format. */
export function parseToken(text: string): ParsedToken | undefined {
  if (text.length > MAX_TOKEN_LENGTH) return undefined;
  const match = TOKEN_PATTERN.exec(text);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** The stored form of a secret: its SHA-256 digest. */
export function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
  const digest = hashSecret(secret);
  return storedHash.length === digest.length && timingSafeEqual(digest, storedHash);
}
