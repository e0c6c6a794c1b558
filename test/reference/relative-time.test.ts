import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addRelative, resolveTimeBound } from "./relative-time.js";
import { addCalendarMonths } from "../../src/ir/utc-calendar.js";
import type { TimeUnit } from "../../src/ir/nodes.js";

const iso = (ms: number): string => new Date(ms).toISOString();

describe("relative time arithmetic (docs/semantics.md §4)", () => {
  it.each([
    ["2024-01-31T05:06:07.008Z", 1, "month", "2024-02-29T05:06:07.008Z"],
    ["2023-01-31T00:00:00.000Z", 1, "month", "2023-02-28T00:00:00.000Z"],
    ["2024-02-29T10:15:00.000Z", -1, "year", "2023-02-28T10:15:00.000Z"],
    ["2024-02-29T10:15:00.000Z", 4, "year", "2028-02-29T10:15:00.000Z"],
    ["2024-03-31T23:59:59.999Z", -1, "month", "2024-02-29T23:59:59.999Z"],
    ["2024-12-31T12:00:00.000Z", 2, "month", "2025-02-28T12:00:00.000Z"],
    ["2024-01-15T12:00:00.000Z", -13, "month", "2022-12-15T12:00:00.000Z"],
    ["2000-02-29T00:00:00.000Z", 100, "year", "2100-02-28T00:00:00.000Z"],
    ["1969-12-31T23:00:00.000Z", 2, "month", "1970-02-28T23:00:00.000Z"],
    ["2025-03-31T10:15:00.000Z", -1, "month", "2025-02-28T10:15:00.000Z"],
    ["2025-03-31T10:15:00.000Z", 0, "month", "2025-03-31T10:15:00.000Z"],
    ["2024-03-31T10:00:00.000Z", -1, "day", "2024-03-30T10:00:00.000Z"],
    ["2024-03-31T10:00:00.000Z", 2, "week", "2024-04-14T10:00:00.000Z"],
    ["2024-03-31T10:00:00.000Z", -90, "second", "2024-03-31T09:58:30.000Z"],
    ["2024-03-31T10:00:00.000Z", 61, "minute", "2024-03-31T11:01:00.000Z"],
    ["2024-03-31T10:00:00.000Z", -24, "hour", "2024-03-30T10:00:00.000Z"],
  ] as const)("%s %+d %s = %s", (from, amount, unit, expected) => {
    expect(iso(addRelative(Date.parse(from), amount, unit))).toBe(expected);
    expect(iso(resolveTimeBound({ kind: "relative_time", amount, unit }, Date.parse(from)))).toBe(expected);
  });

  it("absolute bounds ignore the instant", () => {
    expect(resolveTimeBound({ kind: "timestamp", epochMs: 5 }, 1_000_000)).toBe(5);
  });

  it("agrees with a Date-based month arithmetic on random instants", () => {
    const instant = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2099, 11, 31) });
    fc.assert(
      fc.property(instant, fc.integer({ min: -600, max: 600 }), (ms, months) => {
        expect(addRelative(ms, months, "month")).toBe(addCalendarMonths(ms, months));
      }),
      { numRuns: 2000 },
    );
  });

  it("fixed units are exact multiples", () => {
    const sizes: ReadonlyArray<readonly [TimeUnit, number]> = [["second", 1e3], ["minute", 6e4], ["hour", 3.6e6], ["day", 8.64e7], ["week", 6.048e8]];
    for (const [unit, ms] of sizes) expect(addRelative(0, 3, unit)).toBe(3 * ms);
  });
});
