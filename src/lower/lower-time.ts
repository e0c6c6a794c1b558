/**
 * Absolute and relative times (docs/semantics.md §4): absolute instants have millisecond
 * precision and lie in years 1000..9999 (the DATETIME range); relative offsets are bounded to
 * 1000 years in every unit, so resolving them never leaves that range for evaluation instants
 * of this millennium.
 */
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { RelativeTime } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { invalidArgument } from "../errors/user-error.js";
import type { Scalar, TimeUnit } from "../ir/nodes.js";
import { TIME_UNIT_NAMES, timeUnitEnumName, timeUnitFromProto } from "./proto-enums.js";

/** Earliest accepted instant, 1000-01-01T00:00:00Z, in seconds since the epoch. */
const MIN_SECONDS = BigInt(Date.UTC(1000, 0, 1) / 1000);
/** Latest accepted whole second, 9999-12-31T23:59:59Z. */
const MAX_SECONDS = BigInt(Date.UTC(9999, 11, 31, 23, 59, 59) / 1000);

/** Largest |amount| per unit: 1000 years (of 365.25 days) expressed in that unit. */
export const MAX_RELATIVE_AMOUNT: Readonly<Record<TimeUnit, number>> = {
  second: 31_557_600_000,
  minute: 525_960_000,
  hour: 8_766_000,
  day: 365_250,
  week: 52_178,
  month: 12_000,
  year: 1_000,
};

/** An absolute instant. `path` is the Timestamp's path. */
export function lowerTimestamp(ts: Timestamp, path: string): Extract<Scalar, { kind: "timestamp" }> {
  if (ts.nanos < 0 || ts.nanos > 999_999_999) {
    throw invalidArgument(path, `nanos must be between 0 and 999999999, got ${ts.nanos}`, "OUT_OF_RANGE");
  }
  if (ts.nanos % 1_000_000 !== 0) {
    throw invalidArgument(path, `timestamps have millisecond precision: nanos ${ts.nanos} is not a whole number of milliseconds`);
  }
  if (ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS) {
    throw invalidArgument(path, "timestamp must be between 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z", "OUT_OF_RANGE");
  }
  return { kind: "timestamp", epochMs: Number(ts.seconds) * 1000 + ts.nanos / 1_000_000 };
}

/** A relative time. `path` is the RelativeTime's path. */
export function lowerRelativeTime(rt: RelativeTime, path: string): Extract<Scalar, { kind: "relative_time" }> {
  const unit = timeUnitFromProto(rt.unit);
  if (unit === undefined) {
    const units = TIME_UNIT_NAMES.map(timeUnitEnumName).join(", ");
    const what = rt.unit === 0 ? "unit is not set" : `unknown unit ${rt.unit}`;
    throw invalidArgument(`${path}.unit`, `${what}; one of ${units}`);
  }
  const limit = MAX_RELATIVE_AMOUNT[unit];
  if (rt.amount > BigInt(limit) || rt.amount < BigInt(-limit)) {
    throw invalidArgument(
      `${path}.amount`,
      `amount ${rt.amount} is out of range for ${timeUnitEnumName(unit)}: at most ±${limit} (1000 years)`,
      "OUT_OF_RANGE",
    );
  }
  return { kind: "relative_time", amount: Number(rt.amount), unit };
}

/** Formats an instant for messages. */
export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
