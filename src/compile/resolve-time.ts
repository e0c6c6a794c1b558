/**
 * Time operands as SQL sees them: relative times resolved against the evaluation instant
 * (docs/semantics.md §4) and every instant written as UTC `DATETIME(3)` text.
 */
import { addTimeUnits } from "../ir/utc-calendar.js";
import { msToSqlDatetime } from "../db/sql-datetime.js";
import { invalidArgument } from "../errors/user-error.js";
import type { NodePath, TimeBound, TimeUnit } from "../ir/nodes.js";
import type { Knex } from "knex";
import { TimeSlot, slotBinding } from "./binding-slot.js";

/** 0001-01-01 00:00:00.000 and 9999-12-31 23:59:59.999 UTC: what a DATETIME literal can hold. */
const MIN_SQL_MS = -62_135_596_800_000;
const MAX_SQL_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The instant `amount` units away from `instantMs`, by the UTC calendar rules of {@link addTimeUnits}. */
export function resolveRelativeTime(instantMs: number, amount: number, unit: TimeUnit): number {
  return addTimeUnits(instantMs, amount, unit);
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
