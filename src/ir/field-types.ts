/**
 * Field definitions an IR condition refers to. A field is either a column of a known table, or
 * a typed custom field stored as rows of `custom_field_values`. They belong to the IR (a
 * condition carries its field); the field catalog (src/catalog) builds them and is the only
 * source of their SQL identifiers.
 */
import type { ScopeName, ValueTest } from "./nodes.js";

/** Value types a field can have. */
export type FieldType = "string" | "enum" | "integer" | "money" | "timestamp" | "bool";

/** Operators of conditions. */
export type Operator = ValueTest["op"];

/** A column of a reference billing table. */
export interface ColumnField {
  readonly kind: "column";
  /** Path in Condition.field, e.g. `country` or (in the invoices scope) `amount_due`. */
  readonly path: string;
  readonly scope: ScopeName;
  /** Table and column: trusted identifiers from this catalog only. */
  readonly table: string;
  readonly column: string;
  readonly type: FieldType;
  /** Allowed values of an enum field (empty otherwise). */
  readonly enumValues: readonly string[];
  readonly nullable: boolean;
  /** Whether an index can serve a condition on this column. */
  readonly indexed: boolean;
  /** Whether sum/min/max/avg may aggregate it (integer and money relation fields). */
  readonly aggregatable: boolean;
  readonly description: string;
}

/** A custom field of the customer, typed by its definition. */
export interface CustomField {
  readonly kind: "custom";
  /** `custom.<key>`. */
  readonly path: string;
  readonly scope: "customer";
  readonly key: string;
  /** Row id in `custom_field_definitions`, bound as a value in SQL. */
  readonly definitionId: number;
  readonly type: FieldType;
  readonly enumValues: readonly string[];
  /** Custom fields can always be unset for a customer. */
  readonly nullable: true;
  readonly indexed: boolean;
  readonly aggregatable: false;
  readonly description: string;
}

/** A catalog field. */
export type FieldDef = ColumnField | CustomField;
