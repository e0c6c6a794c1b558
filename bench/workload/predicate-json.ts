/**
 * Builders of predicates in the protobuf JSON form with proto field names (`string_value`,
 * `aggregate_field`), which both protobuf-es `fromJson` and @grpc/proto-loader objects accept,
 * so one definition serves the in-process compiler and the gRPC client.
 */

/** A JSON value. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
/** A Predicate message in JSON form. */
export type PredicateJson = { readonly [key: string]: Json };
/** A Value message in JSON form. */
export type ValueJson = { readonly [key: string]: Json };

type OperatorName = "EQ" | "NEQ" | "IN" | "NOT_IN" | "GT" | "GTE" | "LT" | "LTE" | "EXISTS" | "NOT_EXISTS" | "MATCHES" | "BETWEEN";
type UnitName = "SECOND" | "MINUTE" | "HOUR" | "DAY" | "WEEK" | "MONTH" | "YEAR";
type ScopeName = "SUBSCRIPTIONS" | "INVOICES" | "WALLETS" | "VERIFICATIONS";
type QuantifierName = "ANY" | "ALL" | "NONE" | "COUNT" | "SUM" | "MIN" | "MAX" | "AVG";

/** A string or enum value. */
export const str = (value: string): ValueJson => ({ string_value: value });
/** An integer value. */
export const int = (value: number): ValueJson => ({ int_value: value });
/** A money value in minor units. */
export const money = (value: number): ValueJson => ({ money_value: value });
/** An exact decimal value. */
export const decimal = (value: string): ValueJson => ({ decimal_value: value });
/** A bool value. */
export const bool = (value: boolean): ValueJson => ({ bool_value: value });
/** A time relative to the evaluation instant. */
export const relative = (amount: number, unit: UnitName): ValueJson => ({ relative_time: { amount, unit: `TIME_UNIT_${unit}` } });

/** Both sides of a comparison: a single value, a list, or a range. */
export type Operand = { readonly value: ValueJson } | { readonly list: readonly ValueJson[] } | { readonly range: readonly [ValueJson, ValueJson] };

function operandJson(operand: Operand | undefined): { [key: string]: Json } {
  if (operand === undefined) return {};
  if ("value" in operand) return { value: operand.value };
  if ("list" in operand) return { list: { values: operand.list } };
  return { range: { lower: operand.range[0], upper: operand.range[1] } };
}

/** A condition on a field. */
export function cond(field: string, operator: OperatorName, operand?: Operand | { readonly regex: string; readonly caseInsensitive?: boolean }): PredicateJson {
  if (operand !== undefined && "regex" in operand) {
    return { condition: { field, operator: `OPERATOR_${operator}`, pattern: { regex: operand.regex, case_insensitive: operand.caseInsensitive ?? false } } };
  }
  return { condition: { field, operator: `OPERATOR_${operator}`, ...operandJson(operand) } };
}

/** Every child holds. */
export const and = (...predicates: PredicateJson[]): PredicateJson => ({ and: { predicates } });
/** Some child holds. */
export const or = (...predicates: PredicateJson[]): PredicateJson => ({ or: { predicates } });
/** The complement. */
export const not = (predicate: PredicateJson): PredicateJson => ({ not: predicate });
/** The current version of another segment. */
export const segment = (segmentId: string): PredicateJson => ({ segment: { segment_id: segmentId } });

/** Options of a relation. */
export interface RelationOptions {
  readonly where?: PredicateJson;
  readonly last?: number;
  /** Period bounds relative to the evaluation instant. */
  readonly period?: { readonly from?: readonly [number, UnitName]; readonly to?: readonly [number, UnitName] };
  readonly aggregateField?: string;
  readonly comparison?: readonly [OperatorName, Operand];
}

/** A quantified condition over related rows. */
export function relation(scope: ScopeName, quantifier: QuantifierName, options: RelationOptions = {}): PredicateJson {
  const out: { [key: string]: Json } = { scope: `SCOPE_${scope}`, quantifier: `QUANTIFIER_${quantifier}` };
  if (options.where) out["where"] = options.where;
  if (options.last !== undefined) out["window"] = { last: options.last };
  if (options.period) {
    const point = (p: readonly [number, UnitName] | undefined): Json => (p ? { relative: { amount: p[0], unit: `TIME_UNIT_${p[1]}` } } : null);
    const period: { [key: string]: Json } = {};
    if (options.period.from) period["from"] = point(options.period.from);
    if (options.period.to) period["to"] = point(options.period.to);
    out["window"] = { period };
  }
  if (options.aggregateField) out["aggregate_field"] = options.aggregateField;
  if (options.comparison) out["comparison"] = { operator: `OPERATOR_${options.comparison[0]}`, ...operandJson(options.comparison[1]) };
  return { relation: out };
}
