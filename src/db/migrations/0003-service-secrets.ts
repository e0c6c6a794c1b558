/**
 * Secrets the service makes for itself and every replica must share, such as the key that signs
 * page tokens and export cursors: created once by whichever replica comes first, so tokens survive
 * restarts and work on any replica.
 */
import type { Knex } from "knex";

/** Creates the service_secrets table. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("service_secrets", (t) => {
    t.engine("InnoDB");
    t.charset("utf8mb4");
    t.collate("utf8mb4_bin");
    t.string("name", 64).primary();
    t.string("secret", 128).notNullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
  });
}

/** Drops the service_secrets table. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("service_secrets");
}
