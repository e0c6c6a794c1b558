/**
 * UTC calendar helpers for the data generator: month ends, leap days and instants at whole
 * unit offsets from an anchor, so generated rows sit exactly on the bounds that relative-time
 * predicates resolve to.
 */

/** Milliseconds per fixed-length unit. */
export const MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** Number of days of a month (month 0-11) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 1) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month] ?? Number.NaN;
}

/** `ms` moved by whole calendar months, day clamped to the end of the target month. */
export function addCalendarMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  const out = new Date(0);
  out.setUTCFullYear(year, month, day);
  out.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return out.getTime();
}

/** Units of an offset. */
export type OffsetUnit = "second" | "minute" | "hour" | "day" | "week" | "month" | "year";

/** `ms` moved by `amount` units (months and years clamp the day). */
export function addUnits(ms: number, amount: number, unit: OffsetUnit): number {
  switch (unit) {
    case "month":
      return addCalendarMonths(ms, amount);
    case "year":
      return addCalendarMonths(ms, amount * 12);
    case "second":
    case "minute":
    case "hour":
    case "day":
    case "week":
      return ms + amount * MS[unit];
    default: {
      const impossible: never = unit;
      throw new Error(`unknown unit ${String(impossible)}`);
    }
  }
}

/** The last millisecond of the month containing `ms`. */
export function endOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
}

/** Midnight UTC at the start of the month containing `ms`. */
export function startOfMonth(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
