/**
 * The token signing key kept in the database: made once (by whichever replica asks first; a
 * concurrent first ask keeps one winner), then read by every replica and after every restart, so
 * page tokens and export cursors stay valid across both.
 */
import type { Knex } from "knex";
import { randomBytes } from "node:crypto";

const NAME = "token_signing_key";

/** The shared signing key, created if this is the first replica to ask. */
export async function loadOrCreateTokenSecret(knex: Knex): Promise<string> {
  await knex.raw("INSERT IGNORE INTO service_secrets (name, secret, created_at) VALUES (?, ?, UTC_TIMESTAMP(3))", [NAME, randomBytes(32).toString("base64url")]);
  const row = (await knex("service_secrets").where({ name: NAME }).first("secret")) as { secret: string } | undefined;
  if (!row) throw new Error("the token signing key could not be read back");
  return row.secret;
}
