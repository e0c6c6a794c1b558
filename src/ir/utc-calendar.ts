/**
 * UTC calendar arithmetic: what a `relative_time` bound of the IR means (docs/semantics.md §4),
 * written once for compile, which resolves relative times against the evaluation instant, and
 * for datagen, which places generated rows exactly on the bounds they resolve to. Pure; no I/O.
 */
import type { TimeUnit } from "./nodes.js";

/** Milliseconds of each fixed-length unit. */
export const FIXED_UNIT_MS = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const;

/**
 * The instant `amount` units away from `instantMs`. Fixed units are exact lengths; months and
 * years move the UTC calendar month, clamp the day to the target month's end and keep the
 * time of day (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 − 1 year = 2023-02-28).
 */
export function addTimeUnits(instantMs: number, amount: number, unit: TimeUnit): number {
  switch (unit) {
    case "second":
    case "minute":
    case "hour":
    case "day":
    case "week":
      return instantMs + amount * FIXED_UNIT_MS[unit];
    case "month":
      return addCalendarMonths(instantMs, amount);
    case "year":
      return addCalendarMonths(instantMs, amount * 12);
    default: {
      const impossible: never = unit;
      throw new Error(`unknown time unit ${String(impossible)}`);
    }
  }
}

/**
 * `instantMs` moved by whole UTC calendar months, the day clamped to the end of the target
 * month, the time of day kept. NaN for an invalid instant or a month count that is not a safe
 * integer.
 */
export function addCalendarMonths(instantMs: number, months: number): number {
  const start = new Date(instantMs);
  if (Number.isNaN(start.getTime()) || !Number.isSafeInteger(months)) return Number.NaN;
  const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const result = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0–99 literally.
  result.setUTCFullYear(year, month, 1);
  result.setUTCDate(Math.min(start.getUTCDate(), daysInMonth(year, month)));
  result.setUTCHours(start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
  return result.getTime();
}

/** Number of days of a month (0-11) of a proleptic Gregorian year. */
export function daysInMonth(year: number, month: number): number {
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(year, month + 1, 1);
  lastOfMonth.setUTCDate(0);
  return lastOfMonth.getUTCDate();
}

/** The last millisecond of the UTC month containing `instantMs`. */
export function endOfMonth(instantMs: number): number {
  const d = new Date(instantMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
}

/** Midnight UTC at the start of the month containing `instantMs`. */
export function startOfMonth(instantMs: number): number {
  const d = new Date(instantMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
