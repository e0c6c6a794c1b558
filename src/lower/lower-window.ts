/** The window of a relation: the last N rows, or a half-open period [from, to). */
import type { TimePoint, Window as ProtoWindow } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { invalidArgument } from "../errors/user-error.js";
import type { TimeBound, Window } from "../ir/nodes.js";
import { compareScalars, formatScalar } from "./compare-scalars.js";
import { lowerRelativeTime, lowerTimestamp } from "./lower-time.js";
import { MAX_WINDOW_LAST } from "./predicate-limits.js";

function lowerTimePoint(point: TimePoint | undefined, path: string): TimeBound | null {
  if (point === undefined) return null;
  switch (point.kind.case) {
    case "absolute":
      return lowerTimestamp(point.kind.value, `${path}.absolute`);
    case "relative":
      return lowerRelativeTime(point.kind.value, `${path}.relative`);
    case undefined:
      throw invalidArgument(path, "time point kind is not set; set absolute or relative", "MISSING_FIELD");
    default: {
      const impossible: never = point.kind;
      throw new Error(`unknown time point ${JSON.stringify(impossible)}`);
    }
  }
}

/** Lowers a window at `path` (the Window message's path). */
export function lowerWindow(window: ProtoWindow, path: string): Window {
  switch (window.kind.case) {
    case "last": {
      const n = window.kind.value;
      if (n < 1 || n > MAX_WINDOW_LAST) throw invalidArgument(`${path}.last`, `last must be between 1 and ${MAX_WINDOW_LAST}, got ${n}`, "OUT_OF_RANGE");
      return { kind: "last", n };
    }
    case "period": {
      const periodPath = `${path}.period`;
      const from = lowerTimePoint(window.kind.value.from, `${periodPath}.from`);
      const to = lowerTimePoint(window.kind.value.to, `${periodPath}.to`);
      if (from === null && to === null) throw invalidArgument(periodPath, "period needs at least one bound: set from, to, or both", "MISSING_FIELD");
      if (from !== null && to !== null && (compareScalars(from, to) ?? -1) >= 0) {
        throw invalidArgument(periodPath, `period is empty: from (${formatScalar(from)}) must be before to (${formatScalar(to)})`);
      }
      return { kind: "period", from, to };
    }
    case undefined:
      throw invalidArgument(path, "window kind is not set; set last or period, or leave window unset for every row");
    default: {
      const impossible: never = window.kind;
      throw new Error(`unknown window ${JSON.stringify(impossible)}`);
    }
  }
}
