/** Which condition operators each field type accepts. */
import type { FieldType, Operator } from "./field-types.js";

const PRESENCE: readonly Operator[] = ["exists", "not_exists"];
const EQUALITY: readonly Operator[] = ["eq", "neq", "in", "not_in"];
const ORDERING: readonly Operator[] = ["gt", "gte", "lt", "lte", "between"];

/** The operators allowed on a field of the given type, in catalog order. */
export function operatorsForType(type: FieldType): readonly Operator[] {
  switch (type) {
    case "string":
      return [...EQUALITY, ...ORDERING, ...PRESENCE, "matches"];
    case "enum":
      return [...EQUALITY, ...PRESENCE];
    case "integer":
    case "money":
    case "timestamp":
      return [...EQUALITY, ...ORDERING, ...PRESENCE];
    case "bool":
      return ["eq", "neq", ...PRESENCE];
    default: {
      const impossible: never = type;
      throw new Error(`unknown field type ${String(impossible)}`);
    }
  }
}
