/**
 * Writes a generated dataset into the billing tables: truncates them, then inserts with
 * multi-row INSERT statements. Identifiers come from the fixed column lists below only; every
 * value travels as a binding.
 */
import type { Knex } from "knex";
import {
  DATASET_TABLES,
  type CustomFieldDefinitionRow,
  type CustomFieldValueRow,
  type CustomerRow,
  type Dataset,
  type DatasetChunk,
  type InvoiceRow,
  type SubscriptionRow,
  type VerificationRow,
  type WalletRow,
} from "./dataset.js";
import { formatSqlDatetime } from "./sql-datetime.js";

type SqlValue = string | number | null;

interface TableWriter<Row> {
  readonly columns: readonly string[];
  readonly values: (row: Row) => readonly SqlValue[];
}

const time = (ms: number | null): string | null => (ms === null ? null : formatSqlDatetime(ms));
const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

const WRITERS: {
  readonly customers: TableWriter<CustomerRow>;
  readonly custom_field_definitions: TableWriter<CustomFieldDefinitionRow>;
  readonly subscriptions: TableWriter<SubscriptionRow>;
  readonly invoices: TableWriter<InvoiceRow>;
  readonly wallets: TableWriter<WalletRow>;
  readonly verifications: TableWriter<VerificationRow>;
  readonly custom_field_values: TableWriter<CustomFieldValueRow>;
} = {
  customers: {
    columns: ["id", "email", "name", "country", "status", "tier", "currency", "tax_exempt", "employee_count", "created_at", "updated_at"],
    values: (r) => [r.id, r.email, r.name, r.country, r.status, r.tier, r.currency, bool(r.tax_exempt), r.employee_count, time(r.created_at), time(r.updated_at)],
  },
  custom_field_definitions: {
    columns: ["id", "key", "type", "options", "description", "created_at", "updated_at"],
    values: (r) => [r.id, r.key, r.type, r.options === null ? null : JSON.stringify(r.options), r.description, time(r.created_at), time(r.updated_at)],
  },
  subscriptions: {
    columns: ["id", "customer_id", "plan", "status", "quantity", "mrr", "currency", "started_at", "trial_end", "current_period_end", "canceled_at"],
    values: (r) => [
      r.id, r.customer_id, r.plan, r.status, r.quantity, r.mrr, r.currency,
      time(r.started_at), time(r.trial_end), time(r.current_period_end), time(r.canceled_at),
    ],
  },
  invoices: {
    columns: ["id", "customer_id", "number", "status", "total", "amount_due", "currency", "issued_at", "due_at", "paid_at"],
    values: (r) => [r.id, r.customer_id, r.number, r.status, r.total, r.amount_due, r.currency, time(r.issued_at), time(r.due_at), time(r.paid_at)],
  },
  wallets: {
    columns: ["id", "customer_id", "currency", "balance", "created_at"],
    values: (r) => [r.id, r.customer_id, r.currency, r.balance, time(r.created_at)],
  },
  verifications: {
    columns: ["id", "customer_id", "kind", "status", "verified_at", "created_at"],
    values: (r) => [r.id, r.customer_id, r.kind, r.status, time(r.verified_at), time(r.created_at)],
  },
  custom_field_values: {
    columns: ["customer_id", "field_id", "string_value", "int_value", "bool_value", "timestamp_value"],
    values: (r) => [r.customer_id, r.field_id, r.string_value, r.int_value, bool(r.bool_value), time(r.timestamp_value)],
  },
};

const DATASET_KEY = {
  customers: "customers",
  custom_field_definitions: "customFieldDefinitions",
  subscriptions: "subscriptions",
  invoices: "invoices",
  wallets: "wallets",
  verifications: "verifications",
  custom_field_values: "customFieldValues",
} as const satisfies Record<(typeof DATASET_TABLES)[number], keyof Dataset>;

/** Most bindings in one INSERT statement (far below the protocol's 65,535 placeholders). */
const MAX_BINDINGS = 20_000;

/** Load options. */
export interface LoadDatasetOptions {
  /** Empty the billing tables first. Default true. */
  readonly truncate?: boolean;
}

/** Replaces the content of the billing tables with `dataset`. */
export async function loadDataset(knex: Knex, dataset: Dataset, options: LoadDatasetOptions = {}): Promise<void> {
  await loadDatasetChunks(knex, [dataset], options);
}

/**
 * Replaces the content of the billing tables with the concatenation of `chunks` (from
 * `generateDatasetChunks`), inserting chunk by chunk so memory stays bounded.
 */
export async function loadDatasetChunks(
  knex: Knex,
  chunks: Iterable<DatasetChunk> | AsyncIterable<DatasetChunk>,
  options: LoadDatasetOptions = {},
): Promise<void> {
  if (options.truncate ?? true) await truncateBillingTables(knex);
  for await (const chunk of chunks) {
    await withChecksOff(knex, async (trx) => {
      for (const table of DATASET_TABLES) {
        await insertRows(trx, table, chunk[DATASET_KEY[table]]);
      }
    });
  }
}

/** Empties every billing table (children first would not suffice with FKs; checks are off). */
export async function truncateBillingTables(knex: Knex): Promise<void> {
  await withChecksOff(knex, async (trx) => {
    for (const table of [...DATASET_TABLES].reverse()) await trx.raw(`TRUNCATE TABLE \`${table}\``);
  });
}

/**
 * Runs `work` in a transaction (one pinned connection) with foreign key and unique checks
 * off, and always turns them back on before the connection returns to the pool.
 */
async function withChecksOff(knex: Knex, work: (trx: Knex.Transaction) => Promise<void>): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw("SET FOREIGN_KEY_CHECKS = 0, UNIQUE_CHECKS = 0");
    try {
      await work(trx);
    } finally {
      await trx.raw("SET FOREIGN_KEY_CHECKS = 1, UNIQUE_CHECKS = 1");
    }
  });
}

async function insertRows<Table extends (typeof DATASET_TABLES)[number]>(
  trx: Knex.Transaction,
  table: Table,
  rows: Dataset[(typeof DATASET_KEY)[Table]],
): Promise<void> {
  const writer = WRITERS[table] as TableWriter<unknown>;
  const width = writer.columns.length;
  const perStatement = Math.max(1, Math.floor(MAX_BINDINGS / width));
  const head = `INSERT INTO \`${table}\` (${writer.columns.map((c) => `\`${c}\``).join(", ")}) VALUES `;
  const tuple = `(${new Array(width).fill("?").join(", ")})`;
  const list = rows as readonly unknown[];
  for (let start = 0; start < list.length; start += perStatement) {
    const slice = list.slice(start, start + perStatement);
    const bindings: SqlValue[] = [];
    for (const row of slice) bindings.push(...writer.values(row));
    await trx.raw(head + new Array(slice.length).fill(tuple).join(", "), bindings);
  }
}
