/** The custom fields the generator defines: two of every type, enums with their options. */
import type { CustomFieldTypeName } from "./dataset.js";

/** A custom field the generator creates and fills for a subset of customers. */
export interface GeneratedCustomField {
  readonly key: string;
  readonly type: CustomFieldTypeName;
  /** Options of an enum (empty for other types). */
  readonly enumValues: readonly string[];
  readonly description: string;
  /** Which word list string values come from. */
  readonly stringPool?: "nicknames" | "people";
}

/** Definitions in id order (ids start at 1). */
export const CUSTOM_FIELD_DEFINITIONS: readonly GeneratedCustomField[] = [
  { key: "industry", type: "enum", enumValues: ["saas", "retail", "Retail", "fintech", "health", "gaming"], description: "Industry of the customer." },
  { key: "lifecycle_stage", type: "enum", enumValues: ["lead", "trial", "customer", "advocate"], description: "Marketing lifecycle stage." },
  { key: "nickname", type: "string", enumValues: [], description: "Internal nickname.", stringPool: "nicknames" },
  { key: "account_manager", type: "string", enumValues: [], description: "Name of the account manager.", stringPool: "people" },
  { key: "seats_purchased", type: "integer", enumValues: [], description: "Seats bought outside subscriptions." },
  { key: "nps_score", type: "integer", enumValues: [], description: "Last net promoter score." },
  { key: "lifetime_value", type: "money", enumValues: [], description: "Lifetime value, minor units." },
  { key: "credit_limit", type: "money", enumValues: [], description: "Credit limit, minor units." },
  { key: "beta_opt_in", type: "bool", enumValues: [], description: "Opted in to beta features." },
  { key: "vip", type: "bool", enumValues: [], description: "Handled as VIP." },
  { key: "last_login_at", type: "timestamp", enumValues: [], description: "Last login to the product." },
  { key: "renewal_at", type: "timestamp", enumValues: [], description: "Next contract renewal." },
];
