/**
 * The connection-less knex instance that assembles SQL and quotes identifiers. It never opens
 * a connection: compiling stays pure.
 */
import knexFactory, { type Knex } from "knex";

/** Query builder for the MySQL family (MariaDB, MySQL 8, TiDB). */
export const sql: Knex = knexFactory({ client: "mysql2" });

/** A boolean (or scalar) SQL fragment with its bindings, as built by the compiler. */
export type SqlFragment = Knex.Raw;

/** `?, ?, ?` for `count` values: list operands become one placeholder each. */
export function placeholders(count: number): string {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a value list needs at least one value, got ${count}`);
  return Array.from({ length: count }, () => "?").join(", ");
}

/** SQL TRUE, for quantifiers that hold whatever the rows are. */
export function sqlTrue(): SqlFragment {
  return sql.raw("TRUE");
}

/** `(p) IS TRUE`: turns a possibly-NULL condition into a two-valued one (NULL → false). */
export function isTrue(condition: SqlFragment): SqlFragment {
  return sql.raw("(?) IS TRUE", [condition]);
}
