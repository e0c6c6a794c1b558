/** Which condition operators each field type accepts. */
import type { FieldType, Operator } from "../ir/field-types.js";

const PRESENCE: readonly Operator[] = ["exists", "not_exists"];
const EQUALITY: readonly Operator[] = ["eq", "neq", "in", "not_in"];
const ORDERING: readonly Operator[] = ["gt", "gte", "lt", "lte", "between"];

const BY_TYPE: Readonly<Record<FieldType, readonly Operator[]>> = {
  string: [...EQUALITY, ...ORDERING, ...PRESENCE, "matches"],
  enum: [...EQUALITY, ...PRESENCE],
  integer: [...EQUALITY, ...ORDERING, ...PRESENCE],
  money: [...EQUALITY, ...ORDERING, ...PRESENCE],
  timestamp: [...EQUALITY, ...ORDERING, ...PRESENCE],
  bool: ["eq", "neq", ...PRESENCE],
};

/** The operators allowed on a field of the given type, in catalog order. */
export function operatorsForType(type: FieldType): readonly Operator[] {
  const operators = BY_TYPE[type];
  if (operators === undefined) throw new Error(`unknown field type ${String(type)}`);
  return operators;
}
