/**
 * The operand of a condition or of a relation's comparison, by operator: `value` for
 * eq/neq/gt/gte/lt/lte, `list` for in/not_in, `range` for between, `pattern` for matches,
 * nothing for exists/not_exists.
 */
import type { Comparison, Condition, Range, ValueList } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { Operator } from "../ir/field-types.js";
import { operatorEnumName } from "./proto-enums.js";
import { invalidArgument } from "../errors/user-error.js";
import type { ValueTest } from "../ir/nodes.js";
import { normalizeRegex } from "../regex/normalize-regex.js";
import { compareScalars, formatScalar } from "./compare-scalars.js";
import { lowerValue, type ValueSpec } from "./lower-value.js";
import { MAX_LIST_VALUES } from "./predicate-limits.js";

/** The operand oneof of a Condition or a Comparison. */
export type Operand = Condition["operand"] | Comparison["operand"];

type OperandCase = NonNullable<Operand["case"]>;
type OperandValue<C extends OperandCase> = Extract<Operand, { case: C }>["value"];

/** The operand of the expected kind, or an error naming what the operator takes. */
function requireOperand<C extends OperandCase>(operand: Operand, expected: C, op: Operator, path: string): OperandValue<C> {
  if (operand.case === undefined) throw invalidArgument(`${path}.${expected}`, `${operatorEnumName(op)} needs a ${expected} operand`, "MISSING_FIELD");
  if (operand.case !== expected) {
    throw invalidArgument(`${path}.${operand.case}`, `${operatorEnumName(op)} takes a ${expected} operand, not ${operand.case}`, "TYPE_MISMATCH");
  }
  return operand.value as OperandValue<C>;
}

function lowerList(list: ValueList, path: string, op: "in" | "not_in", spec: ValueSpec): ValueTest {
  const valuesPath = `${path}.list.values`;
  if (list.values.length === 0) throw invalidArgument(valuesPath, `${operatorEnumName(op)} needs at least one value`, "MISSING_FIELD");
  if (list.values.length > MAX_LIST_VALUES) {
    throw invalidArgument(valuesPath, `${operatorEnumName(op)} takes at most ${MAX_LIST_VALUES} values, got ${list.values.length}`, "LIMIT_EXCEEDED");
  }
  return { op, values: list.values.map((v, i) => lowerValue(v, `${valuesPath}[${i}]`, spec)) };
}

function lowerRange(range: Range, path: string, spec: ValueSpec): ValueTest {
  const rangePath = `${path}.range`;
  if (range.lower === undefined) throw invalidArgument(`${rangePath}.lower`, "lower bound is required", "MISSING_FIELD");
  if (range.upper === undefined) throw invalidArgument(`${rangePath}.upper`, "upper bound is required", "MISSING_FIELD");
  const lower = lowerValue(range.lower, `${rangePath}.lower`, spec);
  const upper = lowerValue(range.upper, `${rangePath}.upper`, spec);
  if ((compareScalars(lower, upper) ?? 0) > 0) {
    throw invalidArgument(rangePath, `lower bound ${formatScalar(lower)} is greater than upper bound ${formatScalar(upper)}`);
  }
  return { op: "between", lower, upper };
}

/**
 * Lowers the operand of `op` at `path` (the Condition or Comparison message's path).
 * @throws UserError when the operand is missing, of the wrong kind, or invalid.
 */
export function lowerOperandTest(op: Operator, operand: Operand, path: string, spec: ValueSpec): ValueTest {
  switch (op) {
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return { op, value: lowerValue(requireOperand(operand, "value", op, path), `${path}.value`, spec) };
    case "in":
    case "not_in":
      return lowerList(requireOperand(operand, "list", op, path), path, op, spec);
    case "between":
      return lowerRange(requireOperand(operand, "range", op, path), path, spec);
    case "matches": {
      const pattern = requireOperand(operand, "pattern", op, path);
      return { op, regex: normalizeRegex(pattern.regex, `${path}.pattern.regex`, pattern.caseInsensitive), caseInsensitive: pattern.caseInsensitive };
    }
    case "exists":
    case "not_exists":
      if (operand.case !== undefined) {
        throw invalidArgument(`${path}.${operand.case}`, `${operatorEnumName(op)} takes no operand; remove ${operand.case}`);
      }
      return { op };
    default: {
      const impossible: never = op;
      throw new Error(`unknown operator ${String(impossible)}`);
    }
  }
}
