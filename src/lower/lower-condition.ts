/** A Condition → IR condition: the field from the catalog, an allowed operator, a typed operand. */
import type { Condition } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { FieldDef, Operator } from "../ir/field-types.js";
import { operatorsForType } from "../catalog/operators-by-type.js";
import { operatorEnumName, operatorFromProto } from "./proto-enums.js";
import { invalidArgument } from "../errors/user-error.js";
import type { Expr } from "../ir/nodes.js";
import { checkFieldNameLength, unknownFieldError } from "./field-suggestions.js";
import type { LowerContext } from "./lower-context.js";
import { lowerOperandTest } from "./lower-operand.js";
import { specForField } from "./lower-value.js";

function resolveField(condition: Condition, path: string, ctx: LowerContext): FieldDef {
  const fieldPath = `${path}.field`;
  if (condition.field === "") throw invalidArgument(fieldPath, "field is required", "MISSING_FIELD");
  checkFieldNameLength(condition.field, fieldPath);
  const field = ctx.catalog.field(ctx.scope, condition.field);
  if (field === undefined) throw unknownFieldError(ctx.catalog, ctx.scope, condition.field, fieldPath);
  return field;
}

/** The operators of `field`, for an error message (built only on error: lowering is on the request path). */
function allowedOperators(field: FieldDef): string {
  return `allowed on field ${field.path} (${field.type}): ${operatorsForType(field.type).map(operatorEnumName).join(", ")}`;
}

function resolveOperator(condition: Condition, field: FieldDef, path: string): Operator {
  const op = operatorFromProto(condition.operator);
  if (op === undefined) {
    const what = condition.operator === 0 ? "operator is not set" : `unknown operator ${condition.operator}`;
    throw invalidArgument(`${path}.operator`, `${what}; ${allowedOperators(field)}`, condition.operator === 0 ? "MISSING_FIELD" : "INVALID_VALUE");
  }
  if (!operatorsForType(field.type).includes(op)) {
    throw invalidArgument(`${path}.operator`, `${operatorEnumName(op)} is not ${allowedOperators(field)}`, "TYPE_MISMATCH");
  }
  return op;
}

/** Lowers a condition at `path` (the Condition message's path) over the fields of `ctx.scope`. */
export function lowerCondition(condition: Condition, path: string, ctx: LowerContext): Expr {
  const field = resolveField(condition, path, ctx);
  const op = resolveOperator(condition, field, path);
  const test = lowerOperandTest(op, condition.operand, path, specForField(field));
  return { kind: "condition", path, field, test };
}
