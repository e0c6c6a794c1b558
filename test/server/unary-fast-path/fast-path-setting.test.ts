import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";

describe("UNARY_FAST_PATH", () => {
  it.each([
    [undefined, true],
    ["", true],
    ["true", true],
    ["false", false],
    ["0", false],
  ] as const)("%s turns the unary fast path %s", (value, on) => {
    expect(loadConfig(value === undefined ? {} : { UNARY_FAST_PATH: value }).unaryFastPath).toBe(on);
  });

  it("refuses anything but a boolean", () => {
    expect(() => loadConfig({ UNARY_FAST_PATH: "sometimes" })).toThrow(/UNARY_FAST_PATH must be true or false/);
  });
});
