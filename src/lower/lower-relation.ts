/**
 * A Relation → IR relation (docs/semantics.md §6): scope, quantifier, optional window and
 * `where`, and the aggregate field and comparison exactly when the quantifier needs them.
 */
import type { Comparison, Relation } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { RELATION_SCOPES } from "../catalog/builtin-fields.js";
import type { ColumnField, Operator } from "../ir/field-types.js";
import { invalidArgument } from "../errors/user-error.js";
import type { Expr, NumberTest, Quantifier, RelationScope } from "../ir/nodes.js";
import type { LowerContext } from "./lower-context.js";
import { checkFieldNameLength } from "./field-suggestions.js";
import { lowerOperandTest } from "./lower-operand.js";
import type { ValueSpec } from "./lower-value.js";
import { lowerWindow } from "./lower-window.js";
import {
  QUANTIFIER_NAMES,
  operatorEnumName,
  operatorFromProto,
  quantifierEnumName,
  quantifierFromProto,
  relationScopeFromProto,
  scopeEnumName,
  type QuantifierKind,
} from "./proto-enums.js";

/** Lowers the `where` predicate of a relation over the fields of `scope`. */
export type LowerWhere = (where: NonNullable<Relation["where"]>, path: string, scope: RelationScope) => Expr;

const COMPARISON_OPERATORS: readonly Operator[] = ["eq", "neq", "gt", "gte", "lt", "lte", "between", "in", "not_in"];
/** The comparison operators, for error messages. */
const ALLOWED_COMPARISONS = `allowed: ${COMPARISON_OPERATORS.map(operatorEnumName).join(", ")}`;

function resolveScope(relation: Relation, path: string): RelationScope {
  const scope = relationScopeFromProto(relation.scope);
  if (scope === undefined) {
    const what = relation.scope === 0 ? "scope is not set" : `unknown scope ${relation.scope}`;
    throw invalidArgument(`${path}.scope`, `${what}; one of ${RELATION_SCOPES.map(scopeEnumName).join(", ")}`, relation.scope === 0 ? "MISSING_FIELD" : "INVALID_VALUE");
  }
  return scope;
}

function resolveQuantifier(relation: Relation, path: string): QuantifierKind {
  const quantifier = quantifierFromProto(relation.quantifier);
  if (quantifier === undefined) {
    const what = relation.quantifier === 0 ? "quantifier is not set" : `unknown quantifier ${relation.quantifier}`;
    throw invalidArgument(`${path}.quantifier`, `${what}; one of ${QUANTIFIER_NAMES.map(quantifierEnumName).join(", ")}`, relation.quantifier === 0 ? "MISSING_FIELD" : "INVALID_VALUE");
  }
  return quantifier;
}

function resolveAggregateField(relation: Relation, scope: RelationScope, quantifier: QuantifierKind, path: string, ctx: LowerContext): ColumnField {
  const fieldPath = `${path}.aggregate_field`;
  const aggregatable = ctx.catalog.list(scope).filter((f): f is ColumnField => f.kind === "column" && f.aggregatable);
  const choices = `aggregatable fields of ${scopeEnumName(scope)}: ${aggregatable.map((f) => f.path).join(", ")}`;
  if (relation.aggregateField === "") throw invalidArgument(fieldPath, `${quantifierEnumName(quantifier)} needs aggregate_field; ${choices}`, "MISSING_FIELD");
  checkFieldNameLength(relation.aggregateField, fieldPath);
  const field = aggregatable.find((f) => f.path === relation.aggregateField);
  if (field === undefined) {
    const known = ctx.catalog.field(scope, relation.aggregateField) !== undefined;
    const what = known ? "cannot be aggregated" : `is not a field of ${scopeEnumName(scope)}`;
    throw invalidArgument(fieldPath, `${JSON.stringify(relation.aggregateField)} ${what}; ${choices}`, known ? "TYPE_MISMATCH" : "UNKNOWN_FIELD");
  }
  return field;
}

function lowerComparison(comparison: Comparison | undefined, quantifier: QuantifierKind, path: string, spec: ValueSpec): NumberTest {
  const comparisonPath = `${path}.comparison`;
  if (comparison === undefined) {
    throw invalidArgument(comparisonPath, `${quantifierEnumName(quantifier)} needs a comparison, e.g. OPERATOR_GTE with a value`, "MISSING_FIELD");
  }
  const op = operatorFromProto(comparison.operator);
  if (op === undefined) {
    const what = comparison.operator === 0 ? "operator is not set" : `unknown operator ${comparison.operator}`;
    throw invalidArgument(`${comparisonPath}.operator`, `${what}; ${ALLOWED_COMPARISONS}`, comparison.operator === 0 ? "MISSING_FIELD" : "INVALID_VALUE");
  }
  if (!COMPARISON_OPERATORS.includes(op)) {
    throw invalidArgument(`${comparisonPath}.operator`, `${operatorEnumName(op)} cannot compare a ${quantifier}; ${ALLOWED_COMPARISONS}`);
  }
  const test = lowerOperandTest(op, comparison.operand, comparisonPath, spec);
  switch (test.op) {
    case "exists":
    case "not_exists":
    case "matches":
      throw new Error(`comparison operator ${test.op} passed the allow-list`);
    default:
      return test;
  }
}

function forbidAggregation(relation: Relation, quantifier: QuantifierKind, path: string, forbidComparison: boolean): void {
  if (relation.aggregateField !== "") {
    throw invalidArgument(`${path}.aggregate_field`, `aggregate_field is only used by QUANTIFIER_SUM, QUANTIFIER_MIN, QUANTIFIER_MAX and QUANTIFIER_AVG, not ${quantifierEnumName(quantifier)}`);
  }
  if (forbidComparison && relation.comparison !== undefined) {
    throw invalidArgument(`${path}.comparison`, `comparison is not allowed with ${quantifierEnumName(quantifier)}: it is true or false by itself`);
  }
}

function lowerQuantifier(relation: Relation, scope: RelationScope, quantifier: QuantifierKind, path: string, ctx: LowerContext): Quantifier {
  switch (quantifier) {
    case "any":
    case "all":
    case "none":
      forbidAggregation(relation, quantifier, path, true);
      return { kind: quantifier };
    case "count":
      forbidAggregation(relation, quantifier, path, false);
      return { kind: "count", test: lowerComparison(relation.comparison, quantifier, path, { kind: "integer", subject: "the count" }) };
    case "sum":
    case "min":
    case "max":
    case "avg": {
      const field = resolveAggregateField(relation, scope, quantifier, path, ctx);
      const subject = `${quantifier} of ${field.path} (${field.type})`;
      const spec: ValueSpec = quantifier === "avg" ? { kind: "average", subject } : { kind: "integer", subject };
      return { kind: quantifier, field, test: lowerComparison(relation.comparison, quantifier, path, spec) };
    }
    default: {
      const impossible: never = quantifier;
      throw new Error(`unknown quantifier ${String(impossible)}`);
    }
  }
}

/** Lowers a relation at `path` (the Relation message's path); only valid in customer scope. */
export function lowerRelation(relation: Relation, path: string, ctx: LowerContext, lowerWhere: LowerWhere): Expr {
  const scope = resolveScope(relation, path);
  const quantifier = resolveQuantifier(relation, path);
  const where = relation.where === undefined ? null : lowerWhere(relation.where, `${path}.where`, scope);
  const window = relation.window === undefined ? null : lowerWindow(relation.window, `${path}.window`);
  return { kind: "relation", path, scope, quantifier: lowerQuantifier(relation, scope, quantifier, path, ctx), where, window };
}
