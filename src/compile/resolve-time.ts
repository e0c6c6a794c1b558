/**
 * Time operands as SQL sees them: relative times resolved against the evaluation instant
 * (docs/semantics.md §4) and every instant written as UTC `DATETIME(3)` text.
 */
import { msToSqlDatetime } from "../db/sql-datetime.js";
import { invalidArgument } from "../errors/user-error.js";
import type { NodePath, TimeBound, TimeUnit } from "../ir/nodes.js";
import type { Knex } from "knex";
import { TimeSlot, slotBinding } from "./binding-slot.js";

const FIXED_UNIT_MS = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const;

/** 0001-01-01 00:00:00.000 and 9999-12-31 23:59:59.999 UTC: what a DATETIME literal can hold. */
const MIN_SQL_MS = -62_135_596_800_000;
const MAX_SQL_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The instant `amount` units away from `instantMs`. Fixed units are exact lengths; months and
 * years move the UTC calendar month, clamp the day to the target month's end and keep the
 * time of day (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 − 1 year = 2023-02-28).
 */
export function resolveRelativeTime(instantMs: number, amount: number, unit: TimeUnit): number {
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

/** Epoch milliseconds of an absolute or relative time bound. */
export function resolveTimeBound(bound: TimeBound, instantMs: number): number {
  switch (bound.kind) {
    case "timestamp":
      return bound.epochMs;
    case "relative_time":
      return resolveRelativeTime(instantMs, bound.amount, bound.unit);
    default: {
      const impossible: never = bound;
      throw new Error(`unknown time bound ${JSON.stringify(impossible)}`);
    }
  }
}

/**
 * The binding of a time bound: its UTC `DATETIME(3)` text, or — while compiling a slotted
 * plan (`instantMs` null) — a slot for a relative time, resolved when the slots are filled.
 */
export function timeBinding(bound: TimeBound, instantMs: number | null, path: NodePath): Knex.Value {
  if (bound.kind === "relative_time" && instantMs === null) return slotBinding(new TimeSlot(bound, path));
  return sqlTimestamp(resolveTimeBound(bound, instantMs ?? 0), path);
}

/**
 * `'YYYY-MM-DD HH:MM:SS.mmm'` (UTC) for an instant. Instants outside years 1–9999 cannot be
 * written as a DATETIME literal (the database would silently misread them), so they are the
 * caller's error, reported at `path`.
 */
export function sqlTimestamp(epochMs: number, path: NodePath): string {
  if (!Number.isFinite(epochMs) || epochMs < MIN_SQL_MS || epochMs > MAX_SQL_MS) {
    throw invalidArgument(path, "time is outside the supported range 0001-01-01 … 9999-12-31 (UTC)");
  }
  return msToSqlDatetime(epochMs);
}

function addCalendarMonths(instantMs: number, months: number): number {
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

function daysInMonth(year: number, month: number): number {
  const firstOfNext = new Date(0);
  firstOfNext.setUTCFullYear(year, month + 1, 1);
  firstOfNext.setUTCDate(0);
  return firstOfNext.getUTCDate();
}
