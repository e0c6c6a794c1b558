/** The predicate enums the lowering reads that the catalog does not: time units and quantifiers. */
import { Quantifier as ProtoQuantifier, TimeUnit as ProtoTimeUnit } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { Quantifier, TimeUnit } from "../ir/nodes.js";

/** Kinds of quantifiers. */
export type QuantifierKind = Quantifier["kind"];

const TIME_UNITS: Readonly<Record<TimeUnit, ProtoTimeUnit>> = {
  second: ProtoTimeUnit.SECOND,
  minute: ProtoTimeUnit.MINUTE,
  hour: ProtoTimeUnit.HOUR,
  day: ProtoTimeUnit.DAY,
  week: ProtoTimeUnit.WEEK,
  month: ProtoTimeUnit.MONTH,
  year: ProtoTimeUnit.YEAR,
};

const QUANTIFIERS: Readonly<Record<QuantifierKind, ProtoQuantifier>> = {
  any: ProtoQuantifier.ANY,
  all: ProtoQuantifier.ALL,
  none: ProtoQuantifier.NONE,
  count: ProtoQuantifier.COUNT,
  sum: ProtoQuantifier.SUM,
  min: ProtoQuantifier.MIN,
  max: ProtoQuantifier.MAX,
  avg: ProtoQuantifier.AVG,
};

/** Every time unit, in API order. */
export const TIME_UNIT_NAMES = Object.keys(TIME_UNITS) as TimeUnit[];
/** Every quantifier, in API order. */
export const QUANTIFIER_NAMES = Object.keys(QUANTIFIERS) as QuantifierKind[];

/** The unit of an API time unit; undefined for UNSPECIFIED and unknown numbers. */
export function timeUnitFromProto(unit: ProtoTimeUnit): TimeUnit | undefined {
  return TIME_UNIT_NAMES.find((name) => TIME_UNITS[name] === unit);
}

/** The quantifier kind of an API quantifier; undefined for UNSPECIFIED and unknown numbers. */
export function quantifierFromProto(q: ProtoQuantifier): QuantifierKind | undefined {
  return QUANTIFIER_NAMES.find((name) => QUANTIFIERS[name] === q);
}

/** API enum value name of a unit, e.g. `TIME_UNIT_DAY`. */
export function timeUnitEnumName(unit: TimeUnit): string {
  return `TIME_UNIT_${unit.toUpperCase()}`;
}

/** API enum value name of a quantifier, e.g. `QUANTIFIER_AVG`. */
export function quantifierEnumName(q: QuantifierKind): string {
  return `QUANTIFIER_${q.toUpperCase()}`;
}
