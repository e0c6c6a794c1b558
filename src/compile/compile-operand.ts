/**
 * Operands as SQL: each one a single `?` placeholder with a typed binding (or an exact DECIMAL
 * cast of one), never text. Booleans bind as 1/0, instants as UTC `DATETIME(3)` text. A plain
 * operand is the binding itself, for the `?` of the fragment that compares it.
 */
import type { FieldType } from "../ir/field-types.js";
import type { NodePath, Scalar } from "../ir/nodes.js";
import { CompileInvariantError } from "./compile-errors.js";
import type { PredicateContext } from "./predicate-context.js";
import { timeBinding } from "./resolve-time.js";
import { type SqlFragment, type SqlOperand, sql } from "./sql-builder.js";

/**
 * Exact decimal type for fractional operands: the API allows 38 digits, 10 after the point, and
 * MySQL-family DECIMAL holds up to 65 digits, so sums of BIGINTs times counts stay exact too.
 */
const EXACT_DECIMAL = "DECIMAL(65,10)";

/** The operand `scalar` compared with a field of type `type`. */
export function fieldOperand(scalar: Scalar, type: FieldType, ctx: PredicateContext, path: NodePath): SqlOperand {
  switch (type) {
    case "string":
    case "enum":
      if (scalar.kind === "string") return scalar.value;
      break;
    case "integer":
    case "money":
      if (scalar.kind === "number" || scalar.kind === "decimal") return numericOperand(scalar, path);
      break;
    case "bool":
      if (scalar.kind === "bool") return scalar.value ? 1 : 0;
      break;
    case "timestamp":
      if (scalar.kind === "timestamp" || scalar.kind === "relative_time") {
        return timeBinding(scalar, ctx.instantMs, path);
      }
      break;
    default: {
      const impossible: never = type;
      throw new CompileInvariantError(path, `unknown field type ${String(impossible)}`);
    }
  }
  throw new CompileInvariantError(path, `a ${scalar.kind} operand cannot be compared with a ${type} field`);
}

/** A number (count, sum, min, max, integer field): integers bind as is, decimals as exact DECIMAL. */
export function numericOperand(scalar: Scalar, path: NodePath): SqlOperand {
  switch (scalar.kind) {
    case "number":
      return safeInteger(scalar.value, path);
    case "decimal":
      return exactDecimal(scalar, path);
    default:
      throw new CompileInvariantError(path, `a ${scalar.kind} operand is not a number`);
  }
}

/** `CAST(? AS DECIMAL(65,10))` of a number or decimal operand, for exact fractional arithmetic. */
export function exactDecimal(scalar: Scalar, path: NodePath): SqlFragment {
  switch (scalar.kind) {
    case "number":
      return sql.raw(`CAST(? AS ${EXACT_DECIMAL})`, [safeInteger(scalar.value, path)]);
    case "decimal":
      if (!/^-?\d+(\.\d+)?$/.test(scalar.value)) {
        throw new CompileInvariantError(path, `decimal operand is not canonical: ${JSON.stringify(scalar.value)}`);
      }
      return sql.raw(`CAST(? AS ${EXACT_DECIMAL})`, [scalar.value]);
    default:
      throw new CompileInvariantError(path, `a ${scalar.kind} operand is not a number`);
  }
}

function safeInteger(value: number, path: NodePath): number {
  if (!Number.isSafeInteger(value)) throw new CompileInvariantError(path, `number operand ${value} is not a safe integer`);
  return value;
}
