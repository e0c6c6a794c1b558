/**
 * Resolution of relative times against the evaluation instant (docs/semantics.md §4), in
 * this file's own calendar code: fixed-length units add milliseconds; months and years move
 * the UTC calendar month and clamp the day to the target month's length, keeping time of day.
 */
import type { TimeBound, TimeUnit } from "../../src/ir/nodes.js";

const FIXED_MS: Readonly<Record<Exclude<TimeUnit, "month" | "year">, number>> = {
  second: 1_000,
  minute: 60 * 1_000,
  hour: 60 * 60 * 1_000,
  day: 24 * 60 * 60 * 1_000,
  week: 7 * 24 * 60 * 60 * 1_000,
};

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function monthLength(year: number, month0: number): number {
  const lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return lengths[month0] as number;
}

const DAY_MS = FIXED_MS.day;

/** Days since 1970-01-01 of a proleptic Gregorian date (month0 0-11). */
function daysFromCivil(year: number, month0: number, day: number): number {
  let days = 0;
  if (year >= 1970) {
    for (let y = 1970; y < year; y++) days += isLeap(y) ? 366 : 365;
  } else {
    for (let y = year; y < 1970; y++) days -= isLeap(y) ? 366 : 365;
  }
  for (let m = 0; m < month0; m++) days += monthLength(year, m);
  return days + day - 1;
}

/** The UTC calendar date of a day number. */
function civilFromDays(days: number): { year: number; month0: number; day: number } {
  let year = 1970;
  let rest = days;
  while (rest < 0) {
    year--;
    rest += isLeap(year) ? 366 : 365;
  }
  while (rest >= (isLeap(year) ? 366 : 365)) {
    rest -= isLeap(year) ? 366 : 365;
    year++;
  }
  let month0 = 0;
  while (rest >= monthLength(year, month0)) {
    rest -= monthLength(year, month0);
    month0++;
  }
  return { year, month0, day: rest + 1 };
}

/** `instantMs` moved by `months` calendar months, day clamped, time of day kept. */
export function addMonthsClamped(instantMs: number, months: number): number {
  const days = Math.floor(instantMs / DAY_MS);
  const timeOfDay = instantMs - days * DAY_MS;
  const { year, month0, day } = civilFromDays(days);
  const total = year * 12 + month0 + months;
  const newYear = Math.floor(total / 12);
  const newMonth0 = total - newYear * 12;
  const newDay = Math.min(day, monthLength(newYear, newMonth0));
  return daysFromCivil(newYear, newMonth0, newDay) * DAY_MS + timeOfDay;
}

/** The instant `amount` units away from `instantMs`. */
export function addRelative(instantMs: number, amount: number, unit: TimeUnit): number {
  switch (unit) {
    case "month":
      return addMonthsClamped(instantMs, amount);
    case "year":
      return addMonthsClamped(instantMs, amount * 12);
    case "second":
    case "minute":
    case "hour":
    case "day":
    case "week":
      return instantMs + amount * FIXED_MS[unit];
    default: {
      const impossible: never = unit;
      throw new Error(`unknown time unit ${String(impossible)}`);
    }
  }
}

/** Epoch milliseconds of a time bound at the evaluation instant. */
export function resolveTimeBound(bound: TimeBound, instantMs: number): number {
  switch (bound.kind) {
    case "timestamp":
      return bound.epochMs;
    case "relative_time":
      return addRelative(instantMs, bound.amount, bound.unit);
    default: {
      const impossible: never = bound;
      throw new Error(`unknown time bound ${JSON.stringify(impossible)}`);
    }
  }
}
