/**
 * Per-customer lookup structures over a {@link Dataset}, built once per dataset object:
 * related rows of each scope in window order (natural time descending, then id descending)
 * and custom field value rows by field id.
 */
import type { RelationScope } from "../../src/ir/nodes.js";
import { SCOPE_TABLES } from "../../src/catalog/builtin-fields.js";
import type { CustomFieldValueRow, CustomerRow, Dataset } from "../../src/datagen/dataset.js";

/** A row of any relation table, read by column name. */
export type RelatedRow = Readonly<Record<string, unknown>> & { readonly id: number; readonly customer_id: number };

/** Lookups the reference evaluator needs. */
export interface DatasetIndex {
  readonly customers: readonly CustomerRow[];
  /** Rows of a scope for a customer, most recent first (ties: higher id first). */
  related(scope: RelationScope, customerId: number): readonly RelatedRow[];
  /** The value row of a custom field for a customer, if any. */
  customValue(customerId: number, fieldId: number): CustomFieldValueRow | undefined;
}

const DATASET_KEY_OF_SCOPE: Readonly<Record<RelationScope, "subscriptions" | "invoices" | "wallets" | "verifications">> = {
  subscriptions: "subscriptions",
  invoices: "invoices",
  wallets: "wallets",
  verifications: "verifications",
};

const cache = new WeakMap<Dataset, DatasetIndex>();

function groupByCustomer(rows: readonly RelatedRow[], timeColumn: string): Map<number, RelatedRow[]> {
  const map = new Map<number, RelatedRow[]>();
  for (const row of rows) {
    let list = map.get(row.customer_id);
    if (!list) map.set(row.customer_id, (list = []));
    list.push(row);
  }
  for (const list of map.values()) {
    list.sort((a, b) => {
      const ta = a[timeColumn] as number;
      const tb = b[timeColumn] as number;
      if (ta !== tb) return tb - ta;
      return b.id - a.id;
    });
  }
  return map;
}

/** The (cached) index of a dataset. Datasets are treated as immutable. */
export function indexDataset(dataset: Dataset): DatasetIndex {
  const cached = cache.get(dataset);
  if (cached) return cached;
  const byScope = new Map<RelationScope, Map<number, RelatedRow[]>>();
  for (const scope of Object.keys(DATASET_KEY_OF_SCOPE) as RelationScope[]) {
    const rows = dataset[DATASET_KEY_OF_SCOPE[scope]] as unknown as readonly RelatedRow[];
    byScope.set(scope, groupByCustomer(rows, SCOPE_TABLES[scope].timeColumn));
  }
  const custom = new Map<string, CustomFieldValueRow>();
  for (const row of dataset.customFieldValues) custom.set(`${row.customer_id}/${row.field_id}`, row);
  const index: DatasetIndex = {
    customers: dataset.customers,
    related: (scope, customerId) => byScope.get(scope)?.get(customerId) ?? [],
    customValue: (customerId, fieldId) => custom.get(`${customerId}/${fieldId}`),
  };
  cache.set(dataset, index);
  return index;
}
