/**
 * Schema identifiers the compiler needs besides catalog fields: the keys that tie related rows
 * and custom values to a customer, and the aliases of the generated SQL. Together with the
 * field catalog they are the only identifiers that ever reach SQL text.
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";

/** Table of the customer scope. */
export const CUSTOMERS_TABLE = SCOPE_TABLES.customer.table;
/** Primary key of every billing table. */
export const ID_COLUMN = "id";
/** Column of relation tables and custom values pointing at `customers.id` (NOT NULL everywhere). */
export const CUSTOMER_ID_COLUMN = "customer_id";

/** Where custom field values live (one row per customer and field). */
export const CUSTOM_VALUES = { table: "custom_field_values", fieldIdColumn: "field_id" } as const;

/**
 * Aliases. Relations cannot nest and custom fields exist only on the customer, so one fixed
 * alias per role never collides and keeps the SQL text stable.
 */
export const ALIAS = {
  /** The customer being tested. */
  customer: "c",
  /** A related row in a correlated subquery. */
  relatedRow: "r",
  /** The N-th most recent related row: the edge of a `last N` window. */
  windowEdge: "n",
  /** A custom field value row. */
  customValue: "v",
} as const;

/** `alias.column` for `??` placeholders. */
export function qualified(alias: string, column: string): string {
  return `${alias}.${column}`;
}
