import { describe, expect, it } from "vitest";
import { formatDistinguishedName } from "../../src/server/client-certificate.js";

describe("formatDistinguishedName (RFC 4514)", () => {
  it.each([
    [{ C: "DE", O: "Kontorion", CN: "promo" }, "CN=promo,O=Kontorion,C=DE"],
    [{ O: "Kontorion", OU: ["Billing", "Promotions"], CN: "promo" }, "CN=promo,OU=Promotions,OU=Billing,O=Kontorion"],
    [{ CN: 'a,b+c"d\\e<f>g;h' }, 'CN=a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h'],
    [{ CN: "#hash" }, "CN=\\#hash"],
    [{ CN: " padded " }, "CN=\\ padded\\ "],
    [{ CN: "promo.internal" }, "CN=promo.internal"],
    [{}, ""],
    [undefined, ""],
  ])("%o → %s", (subject, expected) => {
    expect(formatDistinguishedName(subject)).toBe(expected);
  });
});
