/**
 * What the compiler hands to the executor: SQL text with `?` placeholders and the values for
 * them, in order. Request values only ever travel in `bindings`.
 */
import type { Knex } from "knex";
import type { DialectName } from "../db/dialect.js";

/** A value bound to one `?` placeholder. */
export type SqlBinding = string | number | boolean | null;

/** A compiled statement. */
export interface SqlPlan {
  readonly sql: string;
  readonly bindings: readonly SqlBinding[];
}

/** Inputs of compilation besides the predicate. */
export interface CompileOptions {
  /** The evaluation instant (epoch ms) every relative time of the request resolves against. */
  readonly instantMs: number;
  /**
   * Target database family. The compiled SQL is the same for both today (a portable subset:
   * no LATERAL, no dialect-only functions); differences live in src/db/dialect.ts.
   */
  readonly dialect: DialectName;
  /**
   * Most regex engine steps per matched value (src/db/dialect.ts `regexWithEngineLimit`); the
   * dialect's default when absent.
   */
  readonly regexMatchLimit?: number;
}

/** Turns an assembled knex query or fragment into a plan, checking every binding is a scalar. */
export function toSqlPlan(query: Knex.QueryBuilder | Knex.Raw): SqlPlan {
  const native = query.toSQL().toNative();
  const bindings = native.bindings.map((value, index): SqlBinding => {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      return value;
    }
    throw new Error(`binding ${index} is not a scalar (${typeof value}); the compiler must expand lists into placeholders`);
  });
  return { sql: native.sql, bindings };
}
