/**
 * Small builders of IR nodes and datasets for tests: catalog fields by name, typed operands,
 * nodes with their proto paths filled in by {@link withPaths}.
 */
import type { Expr, NumberTest, Quantifier, RelationScope, Scalar, ScopeName, TimeBound, TimeUnit, ValueTest, Window } from "../../src/ir/nodes.js";
import type { ColumnField, CustomField } from "../../src/ir/field-types.js";
import { BUILTIN_FIELDS } from "../../src/catalog/builtin-fields.js";
import type {
  CustomFieldDefinitionRow,
  CustomFieldValueRow,
  CustomerRow,
  Dataset,
  InvoiceRow,
  SubscriptionRow,
  VerificationRow,
  WalletRow,
} from "../../src/datagen/dataset.js";
import { emptyDataset } from "../../src/datagen/dataset.js";

/** The built-in field `column` of `scope`. */
export function field(scope: ScopeName, column: string): ColumnField {
  const f = BUILTIN_FIELDS.find((x) => x.scope === scope && x.column === column);
  if (!f) throw new Error(`no built-in field ${scope}.${column}`);
  return f;
}

/** The catalog entry of a custom field definition row. */
export function customField(def: CustomFieldDefinitionRow): CustomField {
  return {
    kind: "custom",
    path: `custom.${def.key}`,
    scope: "customer",
    key: def.key,
    definitionId: def.id,
    type: def.type,
    enumValues: def.options?.values ?? [],
    nullable: true,
    indexed: def.type !== "bool",
    aggregatable: false,
    description: def.description,
  };
}

/** Operands. */
export const str = (value: string): Scalar => ({ kind: "string", value });
export const num = (value: number): Scalar => ({ kind: "number", value });
export const dec = (value: string): Scalar => ({ kind: "decimal", value });
export const bool = (value: boolean): Scalar => ({ kind: "bool", value });
export const ts = (iso: string): TimeBound => ({ kind: "timestamp", epochMs: Date.parse(iso) });
export const ago = (amount: number, unit: TimeUnit): TimeBound => ({ kind: "relative_time", amount, unit });

/** Nodes (paths are placeholders until {@link withPaths}). */
export const cond = (f: ColumnField | CustomField, test: ValueTest): Expr => ({ kind: "condition", path: "", field: f, test });
export const and = (...items: Expr[]): Expr => ({ kind: "and", path: "", items });
export const or = (...items: Expr[]): Expr => ({ kind: "or", path: "", items });
export const not = (item: Expr): Expr => ({ kind: "not", path: "", item });
export const relation = (scope: RelationScope, quantifier: Quantifier, where: Expr | null = null, window: Window | null = null): Expr => ({
  kind: "relation",
  path: "",
  scope,
  quantifier,
  where,
  window,
});
export const segment = (segmentId: string, body: Expr | null): Expr => ({ kind: "segment", path: "", segmentId, body, version: body ? 1 : 0 });

/** Quantifier shorthands. */
export const count = (test: NumberTest): Quantifier => ({ kind: "count", test });
export const aggregate = (kind: "sum" | "min" | "max" | "avg", f: ColumnField, test: NumberTest): Quantifier => ({ kind, field: f, test });

/** The same tree with every node's path set as lowering would: `predicate.and[1].not`. */
export function withPaths(expr: Expr, path = "predicate"): Expr {
  switch (expr.kind) {
    case "and":
    case "or":
      return { ...expr, path, items: expr.items.map((item, i) => withPaths(item, `${path}.${expr.kind}[${i}]`)) };
    case "not":
      return { ...expr, path, item: withPaths(expr.item, `${path}.not`) };
    case "condition":
      return { ...expr, path };
    case "relation":
      return { ...expr, path, where: expr.where === null ? null : withPaths(expr.where, `${path}.relation.where`) };
    case "segment":
      return { ...expr, path, body: expr.body === null ? null : withPaths(expr.body, `segment(${expr.segmentId}).predicate`) };
    default: {
      const impossible: never = expr;
      throw new Error(`unknown node ${JSON.stringify(impossible)}`);
    }
  }
}

const T0 = Date.parse("2024-01-01T00:00:00.000Z");

/** A customer row with defaults for every column not given. */
export function customer(id: number, over: Partial<CustomerRow> = {}): CustomerRow {
  return {
    id,
    email: null,
    name: null,
    country: null,
    status: "active",
    tier: null,
    currency: null,
    tax_exempt: false,
    employee_count: null,
    created_at: T0,
    updated_at: T0,
    ...over,
  };
}

/** An invoice row with defaults. */
export function invoice(id: number, customerId: number, over: Partial<InvoiceRow> = {}): InvoiceRow {
  return {
    id,
    customer_id: customerId,
    number: `INV-${id}`,
    status: "paid",
    total: 0,
    amount_due: 0,
    currency: "EUR",
    issued_at: T0,
    due_at: null,
    paid_at: null,
    ...over,
  };
}

/** A subscription row with defaults. */
export function subscription(id: number, customerId: number, over: Partial<SubscriptionRow> = {}): SubscriptionRow {
  return {
    id,
    customer_id: customerId,
    plan: "pro-monthly",
    status: "active",
    quantity: 1,
    mrr: 0,
    currency: "EUR",
    started_at: T0,
    trial_end: null,
    current_period_end: null,
    canceled_at: null,
    ...over,
  };
}

/** A wallet row with defaults. */
export function wallet(id: number, customerId: number, over: Partial<WalletRow> = {}): WalletRow {
  return { id, customer_id: customerId, currency: "EUR", balance: 0, created_at: T0, ...over };
}

/** A verification row with defaults. */
export function verification(id: number, customerId: number, over: Partial<VerificationRow> = {}): VerificationRow {
  return { id, customer_id: customerId, kind: "email", status: "verified", verified_at: null, created_at: T0, ...over };
}

/** A custom field definition row. */
export function definition(id: number, key: string, type: CustomFieldDefinitionRow["type"], values: readonly string[] = []): CustomFieldDefinitionRow {
  return { id, key, type, options: type === "enum" ? { values } : null, description: "", created_at: T0, updated_at: T0 };
}

/** A custom value row with every typed column NULL unless given. */
export function customValue(customerId: number, fieldId: number, over: Partial<CustomFieldValueRow> = {}): CustomFieldValueRow {
  return { customer_id: customerId, field_id: fieldId, string_value: null, int_value: null, bool_value: null, timestamp_value: null, ...over };
}

/** A dataset from the given tables (missing tables empty). */
export function dataset(parts: Partial<Dataset>): Dataset {
  return { ...emptyDataset(), ...parts };
}
