/**
 * The billing tables as the bulk loader writes them: for each table the column list of its
 * LOAD DATA statement and the field values of one generated row, in that order. Mirrors the
 * row-by-row loader of src/datagen/load-dataset.ts (the smoke test checks both give equal tables).
 */
import type { Dataset } from "../../src/datagen/dataset.js";
import { formatSqlDatetime } from "../../src/datagen/sql-datetime.js";
import { tsvLine, type TsvValue } from "./tsv.js";

/** How one table's rows become fields. */
interface TableRows<K extends keyof Dataset> {
  readonly table: string;
  /** Key of the table's rows in a generated chunk. */
  readonly datasetKey: K;
  readonly columns: readonly string[];
  readonly values: (row: Dataset[K][number]) => readonly TsvValue[];
}

/** One billing table's LOAD DATA column list and the encoder of its rows in a chunk. */
export interface TableLoad {
  readonly table: string;
  readonly columns: readonly string[];
  /** The table's rows of `chunk` as LOAD DATA text ({@link tsvLine} lines). */
  readonly encode: (chunk: Dataset) => string;
  /** Number of the table's rows in `chunk`. */
  readonly count: (chunk: Dataset) => number;
}

function tableLoad<K extends keyof Dataset>(t: TableRows<K>): TableLoad {
  return {
    table: t.table,
    columns: t.columns,
    encode: (chunk) => {
      let text = "";
      for (const row of chunk[t.datasetKey] as readonly Dataset[K][number][]) text += tsvLine(t.values(row));
      return text;
    },
    count: (chunk) => chunk[t.datasetKey].length,
  };
}

const time = (ms: number | null): string | null => (ms === null ? null : formatSqlDatetime(ms));
const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

const customers: TableRows<"customers"> = {
  table: "customers",
  datasetKey: "customers",
  columns: ["id", "email", "name", "country", "status", "tier", "currency", "tax_exempt", "employee_count", "created_at", "updated_at"],
  values: (r) => [r.id, r.email, r.name, r.country, r.status, r.tier, r.currency, bool(r.tax_exempt), r.employee_count, time(r.created_at), time(r.updated_at)],
};

const customFieldDefinitions: TableRows<"customFieldDefinitions"> = {
  table: "custom_field_definitions",
  datasetKey: "customFieldDefinitions",
  columns: ["id", "key", "type", "options", "description", "created_at", "updated_at"],
  values: (r) => [r.id, r.key, r.type, r.options === null ? null : JSON.stringify(r.options), r.description, time(r.created_at), time(r.updated_at)],
};

const subscriptions: TableRows<"subscriptions"> = {
  table: "subscriptions",
  datasetKey: "subscriptions",
  columns: ["id", "customer_id", "plan", "status", "quantity", "mrr", "currency", "started_at", "trial_end", "current_period_end", "canceled_at"],
  values: (r) => [
    r.id, r.customer_id, r.plan, r.status, r.quantity, r.mrr, r.currency,
    time(r.started_at), time(r.trial_end), time(r.current_period_end), time(r.canceled_at),
  ],
};

const invoices: TableRows<"invoices"> = {
  table: "invoices",
  datasetKey: "invoices",
  columns: ["id", "customer_id", "number", "status", "total", "amount_due", "currency", "issued_at", "due_at", "paid_at"],
  values: (r) => [r.id, r.customer_id, r.number, r.status, r.total, r.amount_due, r.currency, time(r.issued_at), time(r.due_at), time(r.paid_at)],
};

const wallets: TableRows<"wallets"> = {
  table: "wallets",
  datasetKey: "wallets",
  columns: ["id", "customer_id", "currency", "balance", "created_at"],
  values: (r) => [r.id, r.customer_id, r.currency, r.balance, time(r.created_at)],
};

const verifications: TableRows<"verifications"> = {
  table: "verifications",
  datasetKey: "verifications",
  columns: ["id", "customer_id", "kind", "status", "verified_at", "created_at"],
  values: (r) => [r.id, r.customer_id, r.kind, r.status, time(r.verified_at), time(r.created_at)],
};

const customFieldValues: TableRows<"customFieldValues"> = {
  table: "custom_field_values",
  datasetKey: "customFieldValues",
  columns: ["customer_id", "field_id", "string_value", "int_value", "bool_value", "timestamp_value"],
  values: (r) => [r.customer_id, r.field_id, r.string_value, r.int_value, bool(r.bool_value), time(r.timestamp_value)],
};

/** Every billing table, parents first. */
export const BILLING_TABLE_LOADS: readonly TableLoad[] = [
  tableLoad(customers),
  tableLoad(customFieldDefinitions),
  tableLoad(subscriptions),
  tableLoad(invoices),
  tableLoad(wallets),
  tableLoad(verifications),
  tableLoad(customFieldValues),
];
