/**
 * Static ordering of two operands, to reject ranges and periods that can match nothing.
 * Strings compare as utf8mb4_bin does (code points, PAD SPACE); relative times compare only
 * when their units convert exactly (fixed-length units, or months with years).
 */
import type { Scalar, TimeUnit } from "../ir/nodes.js";
import { scaledDecimal } from "./lower-decimal.js";
import { formatInstant } from "./lower-time.js";

const FIXED_SECONDS: Partial<Record<TimeUnit, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };
const CALENDAR_MONTHS: Partial<Record<TimeUnit, number>> = { month: 1, year: 12 };

function sign(n: number | bigint): number {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

/** Compares under PAD SPACE: the shorter string is compared as if padded with U+0020. */
export function comparePadSpace(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0x20) - (y[i] ?? 0x20);
    if (d !== 0) return sign(d);
  }
  return 0;
}

function exactNumber(s: Scalar): bigint | undefined {
  if (s.kind === "number") return BigInt(s.value) * 10n ** 10n;
  if (s.kind === "decimal") return scaledDecimal(s.value);
  return undefined;
}

/**
 * -1, 0 or 1 when `a` is below, equal to or above `b`; undefined when the order depends on
 * the evaluation instant (relative vs absolute, days vs months) or the kinds do not order.
 */
export function compareScalars(a: Scalar, b: Scalar): number | undefined {
  const x = exactNumber(a);
  const y = exactNumber(b);
  if (x !== undefined && y !== undefined) return sign(x - y);
  if (a.kind === "string" && b.kind === "string") return comparePadSpace(a.value, b.value);
  if (a.kind === "timestamp" && b.kind === "timestamp") return sign(a.epochMs - b.epochMs);
  if (a.kind === "relative_time" && b.kind === "relative_time") {
    const fa = FIXED_SECONDS[a.unit];
    const fb = FIXED_SECONDS[b.unit];
    if (fa !== undefined && fb !== undefined) return sign(a.amount * fa - b.amount * fb);
    const ma = CALENDAR_MONTHS[a.unit];
    const mb = CALENDAR_MONTHS[b.unit];
    if (ma !== undefined && mb !== undefined) return sign(a.amount * ma - b.amount * mb);
  }
  return undefined;
}

/** A scalar as written in messages. */
export function formatScalar(s: Scalar): string {
  switch (s.kind) {
    case "string":
      return JSON.stringify(s.value);
    case "number":
      return String(s.value);
    case "decimal":
      return s.value;
    case "bool":
      return String(s.value);
    case "timestamp":
      return formatInstant(s.epochMs);
    case "relative_time":
      return `${s.amount} ${s.unit}${Math.abs(s.amount) === 1 ? "" : "s"}`;
    default: {
      const impossible: never = s;
      throw new Error(`unknown scalar ${JSON.stringify(impossible)}`);
    }
  }
}
