/** Relative times (docs/semantics.md §4): fixed units, and calendar months/years clamped to month end. */
import { describe, expect, it } from "vitest";
import { resolveRelativeTime, sqlTimestamp } from "../../src/compile/resolve-time.js";
import type { TimeUnit } from "../../src/ir/nodes.js";

const ms = (iso: string) => Date.parse(iso);

describe("resolveRelativeTime", () => {
  it.each<[string, number, TimeUnit, string]>([
    ["2024-06-15T12:00:00.000Z", -1, "second", "2024-06-15T11:59:59.000Z"],
    ["2024-06-15T12:00:00.000Z", 90, "minute", "2024-06-15T13:30:00.000Z"],
    ["2024-06-15T12:00:00.000Z", -36, "hour", "2024-06-14T00:00:00.000Z"],
    ["2024-03-31T01:30:00.000Z", 1, "day", "2024-04-01T01:30:00.000Z"],
    ["2024-06-15T12:00:00.000Z", -2, "week", "2024-06-01T12:00:00.000Z"],
    ["2024-01-31T08:15:30.123Z", 1, "month", "2024-02-29T08:15:30.123Z"],
    ["2023-01-31T08:15:30.123Z", 1, "month", "2023-02-28T08:15:30.123Z"],
    ["2024-03-31T23:59:59.999Z", -1, "month", "2024-02-29T23:59:59.999Z"],
    ["2024-05-31T00:00:00.000Z", 1, "month", "2024-06-30T00:00:00.000Z"],
    ["2024-12-31T00:00:00.000Z", 2, "month", "2025-02-28T00:00:00.000Z"],
    ["2024-01-15T00:00:00.000Z", -13, "month", "2022-12-15T00:00:00.000Z"],
    ["2024-02-29T10:00:00.000Z", -1, "year", "2023-02-28T10:00:00.000Z"],
    ["2024-02-29T10:00:00.000Z", 4, "year", "2028-02-29T10:00:00.000Z"],
    ["2024-06-15T12:00:00.000Z", 0, "year", "2024-06-15T12:00:00.000Z"],
    ["0050-03-31T00:00:00.000Z", -1, "month", "0050-02-28T00:00:00.000Z"],
  ])("%s %+d %s → %s", (start, amount, unit, expected) => {
    expect(new Date(resolveRelativeTime(ms(start), amount, unit)).toISOString()).toBe(expected);
  });
});

describe("sqlTimestamp", () => {
  it.each([
    ["2024-02-29T23:59:59.999Z", "2024-02-29 23:59:59.999"],
    ["1970-01-01T00:00:00.000Z", "1970-01-01 00:00:00.000"],
    ["0001-01-01T00:00:00.000Z", "0001-01-01 00:00:00.000"],
    ["9999-12-31T23:59:59.999Z", "9999-12-31 23:59:59.999"],
  ])("%s → %s", (iso, text) => {
    expect(sqlTimestamp(ms(iso), "p")).toBe(text);
  });
});
