/**
 * The one instant a request is evaluated at: the caller's `evaluation_time`, or the time the
 * request arrived. Every relative time of the request is resolved against it.
 */
import { timestampMs, type Timestamp } from "@bufbuild/protobuf/wkt";
import { invalidArgument } from "../errors/user-error.js";

const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Epoch milliseconds of the evaluation instant, validated (millisecond precision, years 1000-9999). */
export function evaluationInstant(requested: Timestamp | undefined, path: string, now: () => number): number {
  if (!requested) return now();
  if (requested.nanos % 1_000_000 !== 0) throw invalidArgument(path, "evaluation_time must have millisecond precision");
  const ms = timestampMs(requested);
  if (!(ms >= MIN_MS && ms <= MAX_MS)) throw invalidArgument(path, "evaluation_time must be between years 1000 and 9999");
  return ms;
}
