/**
 * In-memory rows of the reference billing schema (src/db/migrations/0001-billing-schema.ts),
 * one interface per table with the column names of the table. Times are UTC epoch
 * milliseconds (or null), booleans are booleans, BIGINT money and ids are safe integers.
 */

/** A row of `customers`. */
export interface CustomerRow {
  readonly id: number;
  readonly email: string | null;
  readonly name: string | null;
  /** VARCHAR(2). */
  readonly country: string | null;
  readonly status: string;
  readonly tier: string | null;
  /** VARCHAR(3). */
  readonly currency: string | null;
  readonly tax_exempt: boolean;
  /** INT (32-bit signed). */
  readonly employee_count: number | null;
  readonly created_at: number;
  readonly updated_at: number;
}

/** A row of `subscriptions`. */
export interface SubscriptionRow {
  readonly id: number;
  readonly customer_id: number;
  readonly plan: string;
  readonly status: string;
  /** INT (32-bit signed). */
  readonly quantity: number;
  readonly mrr: number;
  readonly currency: string;
  readonly started_at: number;
  readonly trial_end: number | null;
  readonly current_period_end: number | null;
  readonly canceled_at: number | null;
}

/** A row of `invoices`. */
export interface InvoiceRow {
  readonly id: number;
  readonly customer_id: number;
  /** Unique (under PAD SPACE comparison). */
  readonly number: string;
  readonly status: string;
  readonly total: number;
  readonly amount_due: number;
  readonly currency: string;
  readonly issued_at: number;
  readonly due_at: number | null;
  readonly paid_at: number | null;
}

/** A row of `wallets`; (customer_id, currency) is unique. */
export interface WalletRow {
  readonly id: number;
  readonly customer_id: number;
  readonly currency: string;
  readonly balance: number;
  readonly created_at: number;
}

/** A row of `verifications`. */
export interface VerificationRow {
  readonly id: number;
  readonly customer_id: number;
  readonly kind: string;
  readonly status: string;
  readonly verified_at: number | null;
  readonly created_at: number;
}

/** Types a custom field definition can have (the `type` column). */
export type CustomFieldTypeName = "string" | "enum" | "integer" | "money" | "bool" | "timestamp";

/** A row of `custom_field_definitions`. */
export interface CustomFieldDefinitionRow {
  readonly id: number;
  readonly key: string;
  readonly type: CustomFieldTypeName;
  /** The `options` JSON column: for enums `{ "values": [...] }`, else null. */
  readonly options: { readonly values: readonly string[] } | null;
  readonly description: string;
  readonly created_at: number;
  readonly updated_at: number;
}

/** A row of `custom_field_values`; (customer_id, field_id) is the primary key. */
export interface CustomFieldValueRow {
  readonly customer_id: number;
  readonly field_id: number;
  readonly string_value: string | null;
  readonly int_value: number | null;
  readonly bool_value: boolean | null;
  readonly timestamp_value: number | null;
}

/** Every billing table's rows. */
export interface Dataset {
  readonly customers: readonly CustomerRow[];
  readonly subscriptions: readonly SubscriptionRow[];
  readonly invoices: readonly InvoiceRow[];
  readonly wallets: readonly WalletRow[];
  readonly verifications: readonly VerificationRow[];
  readonly customFieldDefinitions: readonly CustomFieldDefinitionRow[];
  readonly customFieldValues: readonly CustomFieldValueRow[];
}

/**
 * A slice of a dataset produced by the streaming generator: the rows of a run of consecutive
 * customers and everything that belongs to them. Definitions come only in the first chunk.
 */
export type DatasetChunk = Dataset;

/** Table names in the order rows must be inserted (parents before children). */
export const DATASET_TABLES = [
  "customers",
  "custom_field_definitions",
  "subscriptions",
  "invoices",
  "wallets",
  "verifications",
  "custom_field_values",
] as const;

/** The empty dataset, a neutral start for merging chunks. */
export function emptyDataset(): Dataset {
  return {
    customers: [],
    subscriptions: [],
    invoices: [],
    wallets: [],
    verifications: [],
    customFieldDefinitions: [],
    customFieldValues: [],
  };
}
