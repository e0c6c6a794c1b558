/**
 * What a predicate node is compiled against: the row it talks about (the customer or one
 * related row), the evaluation instant, and — for membership queries — the customers the
 * statement is restricted to, so windows can number only their rows.
 */
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
   * template, where relative times become slots (src/compile/plan-template.ts).
   */
  readonly instantMs: number | null;
  readonly row: RowRef;
  /**
   * The only customers the statement can return, when the caller knows them (membership
   * queries); null for scans. Derived tables use it to restrict their rows.
   */
  readonly customerIds: readonly (number | CustomerIdSlot)[] | null;
}

/** Context of a top-level predicate over the customer row `c`. */
export function customerContext(
  options: Pick<CompileOptions, "dialect"> & { readonly instantMs: number | null },
  customerIds: readonly (number | CustomerIdSlot)[] | null,
): PredicateContext {
  return {
    instantMs: options.instantMs,
    row: { scope: "customer", alias: ALIAS.customer },
    customerIds,
  };
}

/** A customer id of the context as a knex binding (a number, or a slot of a template). */
export function customerIdBinding(id: number | CustomerIdSlot): Knex.Value {
  return typeof id === "number" ? id : slotBinding(id);
}
