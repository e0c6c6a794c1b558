/**
 * Mapping between our names (IR and catalog: scopes, field types, operators, time units,
 * quantifiers) and the public API's enums, plus the enum value names used in error messages.
 * The one place that knows the enum numbers: lowering reads them, src/rpc writes them.
 */
import {
  Operator as ProtoOperator,
  Quantifier as ProtoQuantifier,
  Scope as ProtoScope,
  TimeUnit as ProtoTimeUnit,
} from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { FieldType as ProtoFieldType } from "../../gen/kontorion/segments/v1/segment_pb.js";
import type { FieldType, Operator } from "../ir/field-types.js";
import type { Quantifier, RelationScope, ScopeName, TimeUnit } from "../ir/nodes.js";

const SCOPES: Readonly<Record<ScopeName, ProtoScope>> = {
  customer: ProtoScope.UNSPECIFIED,
  subscriptions: ProtoScope.SUBSCRIPTIONS,
  invoices: ProtoScope.INVOICES,
  wallets: ProtoScope.WALLETS,
  verifications: ProtoScope.VERIFICATIONS,
};

const FIELD_TYPES: Readonly<Record<FieldType, ProtoFieldType>> = {
  string: ProtoFieldType.STRING,
  enum: ProtoFieldType.ENUM,
  integer: ProtoFieldType.INTEGER,
  money: ProtoFieldType.MONEY,
  timestamp: ProtoFieldType.TIMESTAMP,
  bool: ProtoFieldType.BOOL,
};

const OPERATORS: Readonly<Record<Operator, ProtoOperator>> = {
  eq: ProtoOperator.EQ,
  neq: ProtoOperator.NEQ,
  in: ProtoOperator.IN,
  not_in: ProtoOperator.NOT_IN,
  gt: ProtoOperator.GT,
  gte: ProtoOperator.GTE,
  lt: ProtoOperator.LT,
  lte: ProtoOperator.LTE,
  exists: ProtoOperator.EXISTS,
  not_exists: ProtoOperator.NOT_EXISTS,
  matches: ProtoOperator.MATCHES,
  between: ProtoOperator.BETWEEN,
};

/** The API scope of a catalog scope (customer fields report SCOPE_UNSPECIFIED). */
export function scopeToProto(scope: ScopeName): ProtoScope {
  return SCOPES[scope];
}

const SCOPE_BY_PROTO = new Map((Object.keys(SCOPES) as ScopeName[]).map((name) => [SCOPES[name], name]));

/** The relation scope of an API scope; undefined for SCOPE_UNSPECIFIED and unknown numbers. */
export function relationScopeFromProto(scope: ProtoScope): RelationScope | undefined {
  const found = SCOPE_BY_PROTO.get(scope);
  return found === "customer" ? undefined : found;
}

/** The API enum value name of a relation scope, e.g. `SCOPE_INVOICES`. */
export function scopeEnumName(scope: RelationScope): string {
  return `SCOPE_${scope.toUpperCase()}`;
}

/** The API field type of a catalog type. */
export function fieldTypeToProto(type: FieldType): ProtoFieldType {
  return FIELD_TYPES[type];
}

/** The API operator of a catalog operator. */
export function operatorToProto(op: Operator): ProtoOperator {
  return OPERATORS[op];
}

const OPERATOR_BY_PROTO = new Map((Object.keys(OPERATORS) as Operator[]).map((name) => [OPERATORS[name], name]));

/** The catalog operator of an API operator; undefined for UNSPECIFIED and unknown numbers. */
export function operatorFromProto(op: ProtoOperator): Operator | undefined {
  return OPERATOR_BY_PROTO.get(op);
}

/** The API enum value name of an operator, e.g. `OPERATOR_NOT_IN`. */
export function operatorEnumName(op: Operator): string {
  return `OPERATOR_${op.toUpperCase()}`;
}

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
