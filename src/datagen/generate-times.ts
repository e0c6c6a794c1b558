/**
 * Instants of generated rows: uniform ones mixed with month ends, month starts, leap days and
 * instants at whole unit offsets from the anchors, and natural times with ties for one customer.
 */
import { addTimeUnits, endOfMonth, startOfMonth } from "../ir/utc-calendar.js";
import type { TimeUnit } from "../ir/nodes.js";
import type { ResolvedOptions } from "./generator-options.js";
import type { Prng } from "./prng.js";

const TIME_UNITS: ReadonlyArray<readonly [TimeUnit, number]> = [
  ["day", 5], ["week", 2], ["month", 4], ["year", 1], ["hour", 1], ["minute", 0.5],
];

/** An instant at a whole number of units from an anchor (often exactly on a relative bound). */
export function anchoredTime(prng: Prng, o: ResolvedOptions, maxAhead = 0): number {
  const anchor = prng.pick(o.anchorsMs);
  const unit = prng.weighted(TIME_UNITS);
  const reach = unit === "year" ? 4 : unit === "month" ? 24 : unit === "week" ? 30 : unit === "day" ? 120 : 72;
  const amount = prng.int(-reach, Math.min(maxAhead, reach));
  return addTimeUnits(anchor, amount, unit);
}

/** A realistic instant in [from, to], with month ends, leap days and anchored instants mixed in. */
export function timeBetween(prng: Prng, o: ResolvedOptions, from: number, to: number): number {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const kind = prng.weighted([["uniform", 70], ["month-end", 8], ["month-start", 4], ["leap-day", 3], ["anchored", 15]] as const);
  switch (kind) {
    case "uniform": {
      const t = prng.int(lo, hi);
      // Many systems write whole seconds; keep both kinds.
      return prng.chance(0.5) ? t - (t % 1000) : t;
    }
    case "month-end":
      return endOfMonth(prng.int(lo, hi));
    case "month-start":
      return startOfMonth(prng.int(lo, hi));
    case "leap-day":
      return Date.UTC(prng.pick([2020, 2024]), 1, 29, prng.int(0, 23), prng.int(0, 59), prng.int(0, 59), prng.pick([0, 0, 999]));
    case "anchored":
      return anchoredTime(prng, o);
    default: {
      const impossible: never = kind;
      throw new Error(`unknown time kind ${String(impossible)}`);
    }
  }
}

/**
 * Natural times for `n` rows of one customer: mostly increasing, with ties (several rows at
 * the very same instant) that windows must break by id.
 */
export function naturalTimes(prng: Prng, o: ResolvedOptions, n: number, from: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const previous = times[prng.int(0, Math.max(0, times.length - 1))];
    times.push(previous !== undefined && prng.chance(0.2) ? previous : timeBetween(prng, o, from, o.toMs));
  }
  return times;
}
