/**
 * Opaque, tamper-evident tokens (page tokens, export cursors): base64url JSON payload plus an
 * HMAC-SHA256 tag over a token kind and the payload. A token of another kind, another server
 * secret, or edited by hand fails to open with INVALID_ARGUMENT.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { invalidArgument } from "../errors/user-error.js";

const TAG_BYTES = 16;

/** Seals and opens signed tokens. */
export class TokenSigner {
  private readonly key: Buffer;

  /** @param secret shared by every replica that must accept each other's tokens; random when absent. */
  constructor(secret?: string) {
    this.key = secret ? Buffer.from(secret, "utf8") : randomBytes(32);
  }

  /** Encodes `payload` as a token of the given kind. */
  seal(kind: string, payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload), "utf8");
    return `${body.toString("base64url")}.${this.tag(kind, body).toString("base64url")}`;
  }

  /**
   * Decodes a token of the given kind, or throws INVALID_ARGUMENT at `path`. The payload's shape
   * is the caller's to check.
   */
  open(kind: string, token: string, path: string): unknown {
    const [bodyText, tagText, extra] = token.split(".");
    if (bodyText === undefined || tagText === undefined || extra !== undefined) {
      throw invalidArgument(path, `malformed ${kind}`, "INVALID_TOKEN");
    }
    const body = Buffer.from(bodyText, "base64url");
    // Compare the canonical text, not decoded bytes: base64 decoders ignore the spare bits of the
    // last character, so two spellings would decode to the same tag.
    const tag = Buffer.from(tagText, "utf8");
    const expected = Buffer.from(this.tag(kind, body).toString("base64url"), "utf8");
    if (body.toString("base64url") !== bodyText || tag.length !== expected.length || !timingSafeEqual(tag, expected)) {
      throw invalidArgument(path, `invalid ${kind}: not issued by this service for this request kind`, "INVALID_TOKEN");
    }
    try {
      return JSON.parse(body.toString("utf8"));
    } catch {
      throw invalidArgument(path, `malformed ${kind}`, "INVALID_TOKEN");
    }
  }

  private tag(kind: string, body: Buffer): Buffer {
    return createHmac("sha256", this.key).update(kind).update("\0").update(body).digest().subarray(0, TAG_BYTES);
  }
}
