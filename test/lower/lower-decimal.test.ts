import { describe, expect, it } from "vitest";
import { comparePadSpace, compareScalars } from "../../src/lower/compare-scalars.js";
import { parseDecimal, scaledDecimal } from "../../src/lower/lower-decimal.js";

describe("parseDecimal", () => {
  it.each([
    ["012.50", "12.5", false],
    ["12", "12", true],
    ["+7", "7", true],
    ["-0.0", "0", true],
    ["-000", "0", true],
    [".5", "0.5", false],
    ["5.", "5", true],
    ["-3.1400", "-3.14", false],
    ["0.0000000001", "0.0000000001", false],
    [`${"9".repeat(28)}.${"9".repeat(10)}`, `${"9".repeat(28)}.${"9".repeat(10)}`, false],
    [`000${"1".repeat(38)}`, "1".repeat(38), true],
    ["1.50000000000000", "1.5", false],
  ])("canonicalizes %j to %j", (raw, text, integral) => {
    expect(parseDecimal(raw, "v")).toEqual({ text, integral });
  });

  it.each(["", ".", "-", "1e3", "1,5", " 1", "1 ", "--1", "0x10", "١"])("rejects %j", (raw) => {
    expect(() => parseDecimal(raw, "v")).toThrow(/not a decimal number/);
  });

  it("scales exactly by 10^10", () => {
    expect(scaledDecimal("-12.5")).toBe(-125_000_000_000n);
    expect(scaledDecimal("0.0000000001")).toBe(1n);
    expect(scaledDecimal(`${"9".repeat(38)}`)).toBe(BigInt(`${"9".repeat(38)}${"0".repeat(10)}`));
  });
});

describe("static comparison of operands", () => {
  it.each([
    ["DE", "DE ", 0],
    ["a", "a\t", 1],
    ["a\t", "a", -1],
    ["Z", "a", -1],
    ["a", "é", -1],
    ["é", "😀", -1],
    ["\uFFFF", "😀", -1],
    ["", "  ", 0],
    ["", "\u00A0", -1],
  ])("compares %j with %j under PAD SPACE as %i", (a, b, expected) => {
    expect(comparePadSpace(a, b)).toBe(expected);
  });

  it("compares numbers with decimals exactly", () => {
    expect(compareScalars({ kind: "number", value: 2 }, { kind: "decimal", value: "2.0000000001" })).toBe(-1);
    expect(compareScalars({ kind: "decimal", value: "9007199254740993" }, { kind: "number", value: 9007199254740991 })).toBe(1);
  });

  it("leaves instants it cannot order statically undecided", () => {
    expect(compareScalars({ kind: "relative_time", amount: 1, unit: "month" }, { kind: "relative_time", amount: 28, unit: "day" })).toBeUndefined();
    expect(compareScalars({ kind: "relative_time", amount: 0, unit: "day" }, { kind: "timestamp", epochMs: 0 })).toBeUndefined();
    expect(compareScalars({ kind: "relative_time", amount: 2, unit: "year" }, { kind: "relative_time", amount: 24, unit: "month" })).toBe(0);
  });
});
