/** UTC calendar arithmetic shared by relative-time resolution and the data generator. */
import { describe, expect, it } from "vitest";
import { addCalendarMonths, addTimeUnits, daysInMonth, endOfMonth, startOfMonth } from "../../src/ir/utc-calendar.js";

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (text: string): number => Date.parse(text);

describe("daysInMonth", () => {
  it.each([
    [2024, 1, 29],
    [2023, 1, 28],
    [2000, 1, 29],
    [1900, 1, 28],
    [2100, 1, 28],
    [2024, 0, 31],
    [2024, 3, 30],
    [2024, 11, 31],
    [4, 1, 29],
  ])("year %i month %i has %i days", (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });
});

describe("addCalendarMonths", () => {
  it.each([
    ["2024-01-31T05:06:07.008Z", 1, "2024-02-29T05:06:07.008Z"],
    ["2024-03-31T00:00:00.000Z", -13, "2023-02-28T00:00:00.000Z"],
    ["2024-12-15T00:00:00.000Z", 1, "2025-01-15T00:00:00.000Z"],
    ["0099-12-31T00:00:00.000Z", 2, "0100-02-28T00:00:00.000Z"],
  ])("%s %+d months = %s", (from, months, expected) => {
    expect(iso(addCalendarMonths(ms(from), months))).toBe(expected);
  });

  it.each([
    ["an invalid instant", Number.NaN, 1],
    ["a fractional month count", 0, 1.5],
    ["an unsafe month count", 0, 2 ** 53],
  ])("is NaN for %s", (_, instant, months) => {
    expect(addCalendarMonths(instant, months)).toBeNaN();
  });
});

describe("addTimeUnits", () => {
  it("moves years as twelve months, clamping leap days", () => {
    expect(iso(addTimeUnits(ms("2024-02-29T10:15:00.000Z"), -1, "year"))).toBe("2023-02-28T10:15:00.000Z");
  });

  it("adds fixed units as exact lengths", () => {
    expect(addTimeUnits(0, 2, "week")).toBe(2 * 7 * 86_400_000);
  });
});

describe("month bounds", () => {
  it.each([
    ["2024-02-10T12:00:00.000Z", "2024-02-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z"],
    ["2023-12-31T23:59:59.999Z", "2023-12-01T00:00:00.000Z", "2023-12-31T23:59:59.999Z"],
    ["2025-03-01T00:00:00.000Z", "2025-03-01T00:00:00.000Z", "2025-03-31T23:59:59.999Z"],
  ])("%s lies in [%s, %s]", (instant, start, end) => {
    expect(iso(startOfMonth(ms(instant)))).toBe(start);
    expect(iso(endOfMonth(ms(instant)))).toBe(end);
  });
});
