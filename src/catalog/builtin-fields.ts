/**
 * The built-in part of the field catalog: columns of the reference billing schema
 * (src/db/migrations/0001-billing-schema.ts). Custom fields are added from their definitions
 * at run time (custom-field-catalog.ts).
 */
import type { RelationScope, ScopeName } from "../ir/nodes.js";
import type { ColumnField, FieldType } from "../ir/field-types.js";

/** Table and natural time order of each scope. */
export interface ScopeTable {
  readonly table: string;
  /** Column that orders rows in time (windows use it; ties broken by `id`). */
  readonly timeColumn: string;
}

/** Tables behind the scopes. Relation tables join the customer through `customer_id`. */
export const SCOPE_TABLES: Readonly<Record<ScopeName, ScopeTable>> = {
  customer: { table: "customers", timeColumn: "created_at" },
  subscriptions: { table: "subscriptions", timeColumn: "started_at" },
  invoices: { table: "invoices", timeColumn: "issued_at" },
  wallets: { table: "wallets", timeColumn: "created_at" },
  verifications: { table: "verifications", timeColumn: "created_at" },
};

/** Every relation scope, in catalog order. */
export const RELATION_SCOPES: readonly RelationScope[] = ["subscriptions", "invoices", "wallets", "verifications"];

/** Allowed values of the enum columns. */
export const ENUMS = {
  customerStatus: ["active", "inactive", "suspended", "churned"],
  customerTier: ["free", "starter", "growth", "enterprise"],
  subscriptionStatus: ["trialing", "active", "past_due", "paused", "canceled", "incomplete"],
  invoiceStatus: ["draft", "open", "paid", "void", "uncollectible"],
  verificationKind: ["identity", "email", "phone", "address", "tax_id"],
  verificationStatus: ["pending", "verified", "failed", "expired"],
} as const;

interface Spec {
  readonly column: string;
  readonly type: FieldType;
  readonly nullable: boolean;
  readonly indexed: boolean;
  readonly description: string;
  readonly enumValues?: readonly string[];
  readonly aggregatable?: boolean;
}

function fields(scope: ScopeName, specs: readonly Spec[]): ColumnField[] {
  const { table } = SCOPE_TABLES[scope];
  return specs.map((s) => ({
    kind: "column",
    path: s.column,
    scope,
    table,
    column: s.column,
    type: s.type,
    enumValues: s.enumValues ?? [],
    nullable: s.nullable,
    indexed: s.indexed,
    aggregatable: s.aggregatable ?? false,
    description: s.description,
  }));
}

/** Built-in fields of every scope. */
export const BUILTIN_FIELDS: readonly ColumnField[] = [
  ...fields("customer", [
    { column: "id", type: "integer", nullable: false, indexed: true, description: "Customer id (primary key)." },
    { column: "email", type: "string", nullable: true, indexed: true, description: "Billing email address." },
    { column: "name", type: "string", nullable: true, indexed: false, description: "Customer display name." },
    { column: "country", type: "string", nullable: true, indexed: true, description: "ISO 3166-1 alpha-2 country code, upper case." },
    { column: "status", type: "enum", nullable: false, indexed: true, enumValues: ENUMS.customerStatus, description: "Account status." },
    { column: "tier", type: "enum", nullable: true, indexed: true, enumValues: ENUMS.customerTier, description: "Commercial tier." },
    { column: "currency", type: "string", nullable: true, indexed: true, description: "ISO 4217 billing currency." },
    { column: "tax_exempt", type: "bool", nullable: false, indexed: false, description: "Whether the customer is tax exempt." },
    { column: "employee_count", type: "integer", nullable: true, indexed: false, description: "Company head count, when known." },
    { column: "created_at", type: "timestamp", nullable: false, indexed: true, description: "When the customer was created (UTC)." },
    { column: "updated_at", type: "timestamp", nullable: false, indexed: false, description: "When the customer last changed (UTC)." },
  ]),
  ...fields("subscriptions", [
    { column: "id", type: "integer", nullable: false, indexed: true, description: "Subscription id." },
    { column: "plan", type: "string", nullable: false, indexed: true, description: "Plan id, e.g. `pro-monthly`." },
    { column: "status", type: "enum", nullable: false, indexed: true, enumValues: ENUMS.subscriptionStatus, description: "Subscription status." },
    { column: "quantity", type: "integer", nullable: false, indexed: false, aggregatable: true, description: "Seats or units." },
    { column: "mrr", type: "money", nullable: false, indexed: false, aggregatable: true, description: "Monthly recurring revenue, minor units of `currency`." },
    { column: "currency", type: "string", nullable: false, indexed: false, description: "ISO 4217 currency of the subscription." },
    { column: "started_at", type: "timestamp", nullable: false, indexed: true, description: "Start (natural time order of subscriptions)." },
    { column: "trial_end", type: "timestamp", nullable: true, indexed: true, description: "End of the trial, if any." },
    { column: "current_period_end", type: "timestamp", nullable: true, indexed: true, description: "End of the current billing period." },
    { column: "canceled_at", type: "timestamp", nullable: true, indexed: false, description: "When it was canceled, if it was." },
  ]),
  ...fields("invoices", [
    { column: "id", type: "integer", nullable: false, indexed: true, description: "Invoice id." },
    { column: "number", type: "string", nullable: false, indexed: true, description: "Invoice number, unique." },
    { column: "status", type: "enum", nullable: false, indexed: true, enumValues: ENUMS.invoiceStatus, description: "Invoice status." },
    { column: "total", type: "money", nullable: false, indexed: false, aggregatable: true, description: "Total, minor units of `currency`." },
    { column: "amount_due", type: "money", nullable: false, indexed: false, aggregatable: true, description: "Amount still due, minor units." },
    { column: "currency", type: "string", nullable: false, indexed: false, description: "ISO 4217 currency of the invoice." },
    { column: "issued_at", type: "timestamp", nullable: false, indexed: true, description: "Issue time (natural time order of invoices)." },
    { column: "due_at", type: "timestamp", nullable: true, indexed: true, description: "Due date." },
    { column: "paid_at", type: "timestamp", nullable: true, indexed: false, description: "When it was paid, if it was." },
  ]),
  ...fields("wallets", [
    { column: "id", type: "integer", nullable: false, indexed: true, description: "Wallet id." },
    { column: "currency", type: "string", nullable: false, indexed: true, description: "ISO 4217 currency; one wallet per currency." },
    { column: "balance", type: "money", nullable: false, indexed: true, aggregatable: true, description: "Balance, minor units of `currency` (may be negative)." },
    { column: "created_at", type: "timestamp", nullable: false, indexed: false, description: "Creation (natural time order of wallets)." },
  ]),
  ...fields("verifications", [
    { column: "id", type: "integer", nullable: false, indexed: true, description: "Verification id." },
    { column: "kind", type: "enum", nullable: false, indexed: true, enumValues: ENUMS.verificationKind, description: "What was verified." },
    { column: "status", type: "enum", nullable: false, indexed: true, enumValues: ENUMS.verificationStatus, description: "Verification status." },
    { column: "verified_at", type: "timestamp", nullable: true, indexed: false, description: "When it succeeded, if it did." },
    { column: "created_at", type: "timestamp", nullable: false, indexed: false, description: "Creation (natural time order of verifications)." },
  ]),
];
