/** Signed tokens are opaque and tamper-evident: any edit, another kind or another secret is refused. */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors/user-error.js";
import { TokenSigner } from "../../src/tokens/signed-token.js";

const signer = new TokenSigner("secret-1");
const token = signer.seal("page token", { k: "name", i: 42 });

function refused(open: () => unknown): UserError {
  try {
    open();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error("token was accepted");
}

describe("TokenSigner", () => {
  it("round-trips its payload", () => {
    expect(signer.open("page token", token, "page_token")).toEqual({ k: "name", i: 42 });
  });

  it("refuses every single-character edit", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < token.length; i++) {
      if (token[i] === ".") continue;
      for (const c of ["A", "B", "Q", "g", "w", "_"]) {
        if (c === token[i] || !alphabet.includes(c)) continue;
        const edited = token.slice(0, i) + c + token.slice(i + 1);
        const err = refused(() => signer.open("page token", edited, "page_token"));
        expect(err.code).toBe("invalid_argument");
        expect(err.path).toBe("page_token");
      }
    }
  });

  it("refuses a token of another kind or another secret, and garbage", () => {
    refused(() => signer.open("export cursor", token, "cursor"));
    refused(() => new TokenSigner("secret-2").open("page token", token, "page_token"));
    for (const bad of ["", ".", "abc", "a.b.c", `${token}.x`]) refused(() => signer.open("page token", bad, "page_token"));
  });
});
