import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashSecret, mintToken, parseToken, secretMatches } from "../../src/auth/bearer-token.js";

describe("bearer tokens kseg_<id>_<secret>", () => {
  it("a minted token parses back to its id, and its secret hashes to the stored digest", () => {
    const minted = mintToken();
    expect(minted.token).toMatch(/^kseg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseToken(minted.token);
    expect(parsed?.id).toBe(minted.id);
    expect(secretMatches(parsed!.secret, minted.secretHash)).toBe(true);
    expect(minted.secretHash).toEqual(createHash("sha256").update(parsed!.secret).digest());
  });

  it("every token is new: ids and secrets do not repeat", () => {
    const tokens = Array.from({ length: 200 }, () => mintToken());
    expect(new Set(tokens.map((t) => t.id)).size).toBe(200);
    expect(new Set(tokens.map((t) => t.token)).size).toBe(200);
  });

  it("the stored digest does not contain the secret", () => {
    const minted = mintToken();
    const secret = parseToken(minted.token)!.secret;
    expect(minted.secretHash.toString("hex")).not.toContain(Buffer.from(secret).toString("hex"));
    expect(minted.secretHash.toString("base64url")).not.toBe(secret);
  });

  it.each([
    ["empty", ""],
    ["no prefix", "abc"],
    ["other prefix", `ksex_0123456789abcdef_${"a".repeat(43)}`],
    ["id too short", `kseg_0123456789abcde_${"a".repeat(43)}`],
    ["id not hex", `kseg_0123456789abcdeZ_${"a".repeat(43)}`],
    ["secret too short", `kseg_0123456789abcdef_${"a".repeat(42)}`],
    ["secret too long", `kseg_0123456789abcdef_${"a".repeat(44)}`],
    ["secret with bad characters", `kseg_0123456789abcdef_${"a".repeat(42)}+`],
    ["huge", `kseg_0123456789abcdef_${"a".repeat(100_000)}`],
  ])("%s is not a token", (_name, text) => {
    expect(parseToken(text)).toBeUndefined();
  });

  it("a wrong secret or a digest of another length does not match", () => {
    const minted = mintToken();
    expect(secretMatches("a".repeat(43), minted.secretHash)).toBe(false);
    expect(secretMatches(parseToken(minted.token)!.secret, minted.secretHash.subarray(0, 31))).toBe(false);
    expect(secretMatches(parseToken(minted.token)!.secret, hashSecret("other"))).toBe(false);
  });
});
