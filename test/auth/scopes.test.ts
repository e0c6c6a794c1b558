import { describe, expect, it } from "vitest";
import { ALL_SCOPES, parseScopeList } from "../../src/auth/scopes.js";

describe("scope lists of the tokens command", () => {
  it.each([
    ["evaluate:saved", ["evaluate:saved"]],
    ["explain, segments:read", ["segments:read", "explain"]],
    ["explain,explain", ["explain"]],
    ["all", [...ALL_SCOPES]],
    ["all,explain", [...ALL_SCOPES]],
  ])("%j → %j", (text, scopes) => {
    expect(parseScopeList(text)).toEqual(scopes);
  });

  it.each([
    ["", /no scopes given/],
    [" , ", /no scopes given/],
    ["evaluate", /unknown scope "evaluate"/],
    ["segments:read,admin", /unknown scope "admin"/],
  ])("%j is refused", (text, message) => {
    expect(() => parseScopeList(text)).toThrow(message);
  });
});
