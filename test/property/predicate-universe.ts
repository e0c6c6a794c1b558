/**
 * What random predicates are drawn from: the fields of every scope (custom fields included)
 * and, per field, the values that actually occur in the dataset, so generated conditions are
 * selective rather than all-empty or all-full. Also per-customer aggregates of every
 * aggregatable field, as operands for sum/min/max/avg.
 */
import { BUILTIN_FIELDS, RELATION_SCOPES, SCOPE_TABLES } from "../../src/catalog/builtin-fields.js";
import type { ColumnField, CustomField, FieldDef } from "../../src/ir/field-types.js";
import { customValueColumn } from "../../src/catalog/custom-value-column.js";
import type { RelationScope } from "../../src/ir/nodes.js";
import type { Dataset } from "../../src/datagen/dataset.js";
import { customField } from "../reference/build-ir.js";
import { decimalText, stepDecimal } from "./decimal-text.js";

/** Values that occur, per field path (present values only; NULLs are not operands). */
export interface ValuePool {
  readonly strings: readonly string[];
  readonly numbers: readonly number[];
  readonly times: readonly number[];
}

/** Everything the arbitraries need to know about a dataset. */
export interface PredicateUniverse {
  readonly customerFields: readonly FieldDef[];
  readonly scopeFields: Readonly<Record<RelationScope, readonly ColumnField[]>>;
  /** Pool of a field, keyed by {@link poolKey}. */
  pool(field: FieldDef): ValuePool;
  /** Per-customer sum/min/max and single values of an aggregatable field. */
  aggregatePool(scope: RelationScope, column: string): readonly number[];
  /** Decimal text of per-customer means (all rows, latest 2 and 3), truncated to 10 digits, and its neighbours. */
  meanPool(scope: RelationScope, column: string): readonly string[];
  /** Natural times of a scope's rows. */
  naturalTimes(scope: RelationScope): readonly number[];
  readonly customerIds: readonly number[];
}

/** `customer.country`, `invoices.total`, `custom.industry`. */
export function poolKey(field: FieldDef): string {
  return field.kind === "custom" ? field.path : `${field.scope}.${field.column}`;
}

const EMPTY_POOL: ValuePool = { strings: [], numbers: [], times: [] };

function addTo(pools: Map<string, { strings: Set<string>; numbers: Set<number>; times: Set<number> }>, key: string, field: FieldDef, v: unknown): void {
  if (v === null || v === undefined) return;
  let p = pools.get(key);
  if (!p) pools.set(key, (p = { strings: new Set(), numbers: new Set(), times: new Set() }));
  switch (field.type) {
    case "string":
    case "enum":
      p.strings.add(v as string);
      break;
    case "integer":
    case "money":
      p.numbers.add(v as number);
      break;
    case "timestamp":
      p.times.add(v as number);
      break;
    case "bool":
      break;
    default: {
      const impossible: never = field.type;
      throw new Error(`unknown type ${String(impossible)}`);
    }
  }
}

const sortedNumbers = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

/** Builds the universe of a dataset. */
export function buildUniverse(dataset: Dataset): PredicateUniverse {
  const customFields: CustomField[] = dataset.customFieldDefinitions.map(customField);
  const customerFields: FieldDef[] = [...BUILTIN_FIELDS.filter((f) => f.scope === "customer"), ...customFields];
  const scopeFields = Object.fromEntries(
    RELATION_SCOPES.map((scope) => [scope, BUILTIN_FIELDS.filter((f) => f.scope === scope)]),
  ) as unknown as Record<RelationScope, ColumnField[]>;

  const raw = new Map<string, { strings: Set<string>; numbers: Set<number>; times: Set<number> }>();
  for (const f of BUILTIN_FIELDS) {
    const rows = rowsOf(dataset, f.scope === "customer" ? "customer" : f.scope) as ReadonlyArray<Record<string, unknown>>;
    for (const row of rows) addTo(raw, poolKey(f), f, row[f.column]);
  }
  const byId = new Map(customFields.map((f) => [f.definitionId, f]));
  for (const v of dataset.customFieldValues) {
    const f = byId.get(v.field_id);
    if (f) addTo(raw, poolKey(f), f, v[customValueColumn(f.type)]);
  }
  const pools = new Map<string, ValuePool>();
  for (const [key, p] of raw) {
    pools.set(key, { strings: [...p.strings].sort(), numbers: sortedNumbers(p.numbers), times: sortedNumbers(p.times) });
  }

  const aggregates = new Map<string, number[]>();
  const means = new Map<string, string[]>();
  const times = new Map<RelationScope, number[]>();
  for (const scope of RELATION_SCOPES) {
    const rows = rowsOf(dataset, scope) as ReadonlyArray<Record<string, number> & { customer_id: number }>;
    times.set(scope, sortedNumbers(new Set(rows.map((r) => r[SCOPE_TABLES[scope].timeColumn] as number))));
    for (const f of scopeFields[scope].filter((x) => x.aggregatable)) {
      const perCustomer = new Map<number, number[]>();
      const timeColumn = SCOPE_TABLES[scope].timeColumn;
      // Latest first, as `last N` windows see them.
      const ordered = [...rows].sort((a, b) => (b[timeColumn] as number) - (a[timeColumn] as number) || (b["id"] as number) - (a["id"] as number));
      for (const r of ordered) {
        const list = perCustomer.get(r.customer_id) ?? [];
        list.push(r[f.column] as number);
        perCustomer.set(r.customer_id, list);
      }
      const values = new Set<number>();
      const meanTexts = new Set<string>();
      for (const list of perCustomer.values()) {
        for (const k of [list.length, 2, 3]) {
          const part = list.slice(0, Math.min(k, list.length));
          const text = decimalText(part.reduce((a, b) => a + BigInt(b), 0n), part.length);
          for (const step of [-1n, 0n, 1n]) meanTexts.add(stepDecimal(text, step));
        }
        values.add(list.reduce((a, b) => a + b, 0));
        values.add(Math.min(...list));
        values.add(Math.max(...list));
        for (const v of list.slice(0, 3)) values.add(v);
      }
      aggregates.set(`${scope}.${f.column}`, sortedNumbers(values).filter((n) => Number.isSafeInteger(n)));
      means.set(`${scope}.${f.column}`, [...meanTexts].sort());
    }
  }

  return {
    customerFields,
    scopeFields,
    pool: (field) => pools.get(poolKey(field)) ?? EMPTY_POOL,
    aggregatePool: (scope, column) => aggregates.get(`${scope}.${column}`) ?? [],
    meanPool: (scope, column) => means.get(`${scope}.${column}`) ?? [],
    naturalTimes: (scope) => times.get(scope) ?? [],
    customerIds: dataset.customers.map((c) => c.id),
  };
}

function rowsOf(dataset: Dataset, scope: "customer" | RelationScope): readonly unknown[] {
  switch (scope) {
    case "customer":
      return dataset.customers;
    case "subscriptions":
      return dataset.subscriptions;
    case "invoices":
      return dataset.invoices;
    case "wallets":
      return dataset.wallets;
    case "verifications":
      return dataset.verifications;
    default: {
      const impossible: never = scope;
      throw new Error(`unknown scope ${String(impossible)}`);
    }
  }
}
