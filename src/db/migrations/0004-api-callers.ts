/**
 * The callers allowed to use the API (src/auth/): one row per bearer token or client certificate
 * identity, with its scopes. Secrets are kept only as SHA-256 digests; a revoked row stays, so
 * `tokens list` shows who had access and until when.
 */
import type { Knex } from "knex";

/** Creates the api_callers table. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("api_callers", (t) => {
    t.engine("InnoDB");
    t.charset("utf8mb4");
    t.collate("utf8mb4_bin");
    t.string("id", 16).primary();
    t.string("name", 100).notNullable();
    t.string("scopes", 255).notNullable();
    t.binary("secret_hash", 32).nullable();
    t.string("certificate_subject", 512).nullable();
    t.string("certificate_fingerprint256", 95).nullable();
    t.string("origin", 16).notNullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.datetime("revoked_at", { precision: 3 }).nullable();
    t.index(["certificate_subject"], "api_callers_certificate_subject");
  });
}

/** Drops the api_callers table. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("api_callers");
}
