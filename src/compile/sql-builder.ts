/**
 * The connection-less knex instance that assembles SQL and quotes identifiers. It never opens
 * a connection: compiling stays pure.
 *
 * Every `knex.raw` costs about a microsecond and a few kilobytes of garbage when the statement
 * is turned into text (knex gives each one an id and options), so the compiler passes plain
 * values and columns as bindings of the fragment that uses them instead of wrapping each in a
 * fragment of its own, joins conditions as templates (sql-template.ts) and reuses fixed
 * shapes (fragment-shape.ts); bench/compile-times.ts measures it.
 */
import knexFactory, { type Knex } from "knex";

/** Query builder for the MySQL family (MariaDB, MySQL 8, TiDB). */
export const sql: Knex = knexFactory({ client: "mysql2" });

/** A boolean (or scalar) SQL fragment with its bindings, as built by the compiler. */
export type SqlFragment = Knex.Raw;

/** What fills one `?` of a fragment: a bound value (or a slot of a slotted plan), or a fragment spliced in. */
export type SqlOperand = Knex.Value | SqlFragment;

/** `?, ?, ?` for `count` values: list operands become one placeholder each. */
export function placeholders(count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a value list needs at least one value, got ${count}`);
  return "?, ".repeat(count - 1) + "?";
}
