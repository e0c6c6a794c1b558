/**
 * The reference billing schema the service reads. Everything is utf8mb4_bin (case-sensitive,
 * PAD SPACE: see docs/semantics.md), times are UTC DATETIME(3), money is BIGINT minor units.
 * Indexes follow the segment workload: every relation table is reachable by customer_id plus
 * its natural time column, and enum/time columns used to drive scans are indexed.
 */
import type { Knex } from "knex";

const TABLE_OPTIONS = (t: Knex.CreateTableBuilder): void => {
  t.engine("InnoDB");
  t.charset("utf8mb4");
  t.collate("utf8mb4_bin");
};

/** Creates the billing tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("customers", (t) => {
    TABLE_OPTIONS(t);
    t.bigIncrements("id").unsigned().primary();
    t.string("email", 320).nullable();
    t.string("name", 200).nullable();
    t.string("country", 2).nullable();
    t.string("status", 16).notNullable();
    t.string("tier", 16).nullable();
    t.string("currency", 3).nullable();
    t.boolean("tax_exempt").notNullable().defaultTo(false);
    t.integer("employee_count").nullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.datetime("updated_at", { precision: 3 }).notNullable();
    t.index(["email"], "customers_email_idx");
    t.index(["country"], "customers_country_idx");
    t.index(["status"], "customers_status_idx");
    t.index(["tier"], "customers_tier_idx");
    t.index(["currency"], "customers_currency_idx");
    t.index(["created_at"], "customers_created_at_idx");
  });

  await knex.schema.createTable("subscriptions", (t) => {
    TABLE_OPTIONS(t);
    t.bigIncrements("id").unsigned().primary();
    t.bigInteger("customer_id").unsigned().notNullable().references("id").inTable("customers");
    t.string("plan", 64).notNullable();
    t.string("status", 16).notNullable();
    t.integer("quantity").notNullable();
    t.bigInteger("mrr").notNullable();
    t.string("currency", 3).notNullable();
    t.datetime("started_at", { precision: 3 }).notNullable();
    t.datetime("trial_end", { precision: 3 }).nullable();
    t.datetime("current_period_end", { precision: 3 }).nullable();
    t.datetime("canceled_at", { precision: 3 }).nullable();
    t.index(["customer_id", "started_at", "id"], "subscriptions_customer_time_idx");
    t.index(["customer_id", "status"], "subscriptions_customer_status_idx");
    t.index(["status", "trial_end"], "subscriptions_status_trial_end_idx");
    t.index(["plan"], "subscriptions_plan_idx");
    t.index(["trial_end"], "subscriptions_trial_end_idx");
    t.index(["current_period_end"], "subscriptions_period_end_idx");
  });

  await knex.schema.createTable("invoices", (t) => {
    TABLE_OPTIONS(t);
    t.bigIncrements("id").unsigned().primary();
    t.bigInteger("customer_id").unsigned().notNullable().references("id").inTable("customers");
    t.string("number", 32).notNullable().unique({ indexName: "invoices_number_uq" });
    t.string("status", 16).notNullable();
    t.bigInteger("total").notNullable();
    t.bigInteger("amount_due").notNullable();
    t.string("currency", 3).notNullable();
    t.datetime("issued_at", { precision: 3 }).notNullable();
    t.datetime("due_at", { precision: 3 }).nullable();
    t.datetime("paid_at", { precision: 3 }).nullable();
    t.index(["customer_id", "issued_at", "id"], "invoices_customer_time_idx");
    t.index(["customer_id", "status", "due_at"], "invoices_customer_status_due_idx");
    t.index(["status", "due_at"], "invoices_status_due_idx");
    t.index(["issued_at"], "invoices_issued_at_idx");
  });

  await knex.schema.createTable("wallets", (t) => {
    TABLE_OPTIONS(t);
    t.bigIncrements("id").unsigned().primary();
    t.bigInteger("customer_id").unsigned().notNullable().references("id").inTable("customers");
    t.string("currency", 3).notNullable();
    t.bigInteger("balance").notNullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.unique(["customer_id", "currency"], { indexName: "wallets_customer_currency_uq" });
    t.index(["currency", "balance"], "wallets_currency_balance_idx");
  });

  await knex.schema.createTable("verifications", (t) => {
    TABLE_OPTIONS(t);
    t.bigIncrements("id").unsigned().primary();
    t.bigInteger("customer_id").unsigned().notNullable().references("id").inTable("customers");
    t.string("kind", 16).notNullable();
    t.string("status", 16).notNullable();
    t.datetime("verified_at", { precision: 3 }).nullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.index(["customer_id", "kind", "status"], "verifications_customer_kind_idx");
    t.index(["kind", "status"], "verifications_kind_status_idx");
  });

  await knex.schema.createTable("custom_field_definitions", (t) => {
    TABLE_OPTIONS(t);
    t.increments("id").unsigned().primary();
    t.string("key", 64).notNullable().unique({ indexName: "custom_field_definitions_key_uq" });
    t.string("type", 16).notNullable();
    t.json("options").nullable();
    t.string("description", 500).notNullable().defaultTo("");
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.datetime("updated_at", { precision: 3 }).notNullable();
  });

  await knex.schema.createTable("custom_field_values", (t) => {
    TABLE_OPTIONS(t);
    t.bigInteger("customer_id").unsigned().notNullable().references("id").inTable("customers");
    t.integer("field_id").unsigned().notNullable().references("id").inTable("custom_field_definitions");
    t.string("string_value", 255).nullable();
    t.bigInteger("int_value").nullable();
    t.boolean("bool_value").nullable();
    t.datetime("timestamp_value", { precision: 3 }).nullable();
    t.primary(["customer_id", "field_id"]);
    t.index(["field_id", "string_value"], "custom_field_values_string_idx");
    t.index(["field_id", "int_value"], "custom_field_values_int_idx");
    t.index(["field_id", "timestamp_value"], "custom_field_values_timestamp_idx");
  });
}

/** Drops the billing tables. */
export async function down(knex: Knex): Promise<void> {
  for (const table of [
    "custom_field_values",
    "custom_field_definitions",
    "verifications",
    "wallets",
    "invoices",
    "subscriptions",
    "customers",
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
