/**
 * One `Value` → a typed Scalar, checked against what the operand position accepts: the
 * field's type for conditions, a count or an aggregate for relation comparisons.
 */
import type { Value } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { FieldDef } from "../ir/field-types.js";
import { invalidArgument } from "../errors/user-error.js";
import type { Scalar } from "../ir/nodes.js";
import { parseDecimal } from "./lower-decimal.js";
import { lowerRelativeTime, lowerTimestamp } from "./lower-time.js";
import { MAX_STRING_LENGTH } from "./predicate-limits.js";

/** What an operand position accepts; `subject` names it in messages, e.g. `field country (string)`. */
export type ValueSpec =
  | { readonly kind: "string"; readonly subject: string; readonly enumValues?: readonly string[] }
  /** Integers and money: int_value, money_value, or an integral decimal_value. */
  | { readonly kind: "integer"; readonly subject: string }
  /** An avg comparison: like integer, plus fractional decimals. */
  | { readonly kind: "average"; readonly subject: string }
  | { readonly kind: "bool"; readonly subject: string }
  | { readonly kind: "timestamp"; readonly subject: string };

const ACCEPTED: Readonly<Record<ValueSpec["kind"], string>> = {
  string: "string_value",
  integer: "int_value, money_value or an integral decimal_value",
  average: "int_value, money_value or decimal_value",
  bool: "bool_value",
  timestamp: "timestamp_value or relative_time",
};

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

type ValueCase = NonNullable<Value["kind"]["case"]>;

const CASE_NAMES: Readonly<Record<ValueCase, string>> = {
  stringValue: "string_value",
  intValue: "int_value",
  moneyValue: "money_value",
  decimalValue: "decimal_value",
  boolValue: "bool_value",
  timestampValue: "timestamp_value",
  relativeTime: "relative_time",
};

/** The operand spec of a condition on `field`. */
export function specForField(field: FieldDef): ValueSpec {
  const subject = `field ${field.path} (${field.type})`;
  switch (field.type) {
    case "string":
      return { kind: "string", subject };
    case "enum":
      return { kind: "string", subject, enumValues: field.enumValues };
    case "integer":
    case "money":
      return { kind: "integer", subject };
    case "bool":
      return { kind: "bool", subject };
    case "timestamp":
      return { kind: "timestamp", subject };
    default: {
      const impossible: never = field.type;
      throw new Error(`unknown field type ${String(impossible)}`);
    }
  }
}

function safeInteger(value: bigint, path: string): Extract<Scalar, { kind: "number" }> {
  if (value > SAFE_MAX || value < -SAFE_MAX) {
    throw invalidArgument(path, `${value} is out of range: integers and money are limited to ±${Number.MAX_SAFE_INTEGER}`, "OUT_OF_RANGE");
  }
  return { kind: "number", value: Number(value) };
}

function lowerString(text: string, path: string, spec: Extract<ValueSpec, { kind: "string" }>): Scalar {
  // Characters are code points, never more than UTF-16 units: only a long string needs counting.
  if (text.length > MAX_STRING_LENGTH) {
    const length = Array.from(text).length;
    if (length > MAX_STRING_LENGTH) throw invalidArgument(path, `string is longer than ${MAX_STRING_LENGTH} characters (${length})`, "LIMIT_EXCEEDED");
  }
  if (spec.enumValues !== undefined && !spec.enumValues.includes(text)) {
    const allowed = spec.enumValues.map((v) => JSON.stringify(v)).join(", ");
    throw invalidArgument(path, `${JSON.stringify(text)} is not a value of ${spec.subject}; allowed: ${allowed || "(none defined)"}`, "INVALID_VALUE");
  }
  return { kind: "string", value: text };
}

function lowerDecimal(raw: string, path: string, spec: ValueSpec): Scalar {
  const decimal = parseDecimal(raw, path);
  if (decimal.integral) {
    const value = BigInt(decimal.text);
    if (spec.kind === "average" && (value > SAFE_MAX || value < -SAFE_MAX)) return { kind: "decimal", value: decimal.text };
    return safeInteger(value, path);
  }
  if (spec.kind !== "average") {
    throw invalidArgument(path, `${spec.subject} takes whole numbers; ${raw} has a fraction (only QUANTIFIER_AVG comparisons accept fractions)`, "TYPE_MISMATCH");
  }
  return { kind: "decimal", value: decimal.text };
}

/**
 * Lowers one Value at `path` (the Value message's path) for an operand position.
 * Errors about the kind point at `path`; errors inside a kind at `path.<kind field>`.
 */
export function lowerValue(value: Value | undefined, path: string, spec: ValueSpec): Scalar {
  const kind = value?.kind;
  if (kind === undefined || kind.case === undefined) {
    throw invalidArgument(path, `value is not set; ${spec.subject} takes ${ACCEPTED[spec.kind]}`, "MISSING_FIELD");
  }
  const kindPath = `${path}.${CASE_NAMES[kind.case]}`;
  switch (spec.kind) {
    case "string":
      if (kind.case === "stringValue") return lowerString(kind.value, kindPath, spec);
      break;
    case "integer":
    case "average":
      if (kind.case === "intValue" || kind.case === "moneyValue") return safeInteger(kind.value, kindPath);
      if (kind.case === "decimalValue") return lowerDecimal(kind.value, kindPath, spec);
      break;
    case "bool":
      if (kind.case === "boolValue") return { kind: "bool", value: kind.value };
      break;
    case "timestamp":
      if (kind.case === "timestampValue") return lowerTimestamp(kind.value, kindPath);
      if (kind.case === "relativeTime") return lowerRelativeTime(kind.value, kindPath);
      break;
    default: {
      const impossible: never = spec;
      throw new Error(`unknown value spec ${JSON.stringify(impossible)}`);
    }
  }
  throw invalidArgument(path, `${spec.subject} takes ${ACCEPTED[spec.kind]}, got ${CASE_NAMES[kind.case]}`, "TYPE_MISMATCH");
}
