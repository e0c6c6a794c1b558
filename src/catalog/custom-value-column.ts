/** Which typed column of `custom_field_values` holds a custom field's value. */
import type { FieldType } from "../ir/field-types.js";

/** Column names of `custom_field_values` that hold values. */
export type CustomValueColumn = "string_value" | "int_value" | "bool_value" | "timestamp_value";

/** The typed value column for a custom field of the given type. */
export function customValueColumn(type: FieldType): CustomValueColumn {
  switch (type) {
    case "string":
    case "enum":
      return "string_value";
    case "integer":
    case "money":
      return "int_value";
    case "bool":
      return "bool_value";
    case "timestamp":
      return "timestamp_value";
    default: {
      const impossible: never = type;
      throw new Error(`unknown field type ${String(impossible)}`);
    }
  }
}
