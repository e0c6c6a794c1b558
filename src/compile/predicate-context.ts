/**
 * What a predicate node is compiled against: the row it talks about (the customer or one
 * related row) and the evaluation instant.
 */
import type { DialectName } from "../db/dialect.js";
import type { ScopeName } from "../ir/nodes.js";
import type { Knex } from "knex";
import { slotBinding, type CustomerIdSlot } from "./binding-slot.js";
import { ALIAS } from "./schema-names.js";
import type { CompileOptions } from "./sql-plan.js";

/** The row a condition reads its columns from. */
export interface RowRef {
  readonly scope: ScopeName;
  readonly alias: string;
}

/** Compile-time context of one predicate node. */
export interface PredicateContext {
  /**
   * The evaluation instant (epoch ms) relative times resolve against; null while compiling a
   * slotted plan, where relative times become slots (src/compile/slotted-plan.ts).
   */
  readonly instantMs: number | null;
  readonly row: RowRef;
  /** Target database family: decides how regex patterns are bounded. */
  readonly dialect: DialectName;
  /** Most regex engine steps per value; the dialect's default when absent. */
  readonly regexMatchLimit: number | undefined;
}

/** Context of a top-level predicate over the customer row `c`. */
export function customerContext(
  options: Pick<CompileOptions, "dialect" | "regexMatchLimit"> & { readonly instantMs: number | null },
): PredicateContext {
  return {
    instantMs: options.instantMs,
    row: { scope: "customer", alias: ALIAS.customer },
    dialect: options.dialect,
    regexMatchLimit: options.regexMatchLimit,
  };
}

/** A customer id of the context as a knex binding (a number, or a slot of a slotted plan). */
export function customerIdBinding(id: number | CustomerIdSlot): Knex.Value {
  return typeof id === "number" ? id : slotBinding(id);
}
