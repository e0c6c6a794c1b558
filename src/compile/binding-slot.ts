/**
 * Placeholders for the request-dependent values of a slotted plan (src/compile/slotted-plan.ts):
 * relative times (resolved with the evaluation instant) and customer ids. A plan compiled once
 * per segment version gets its slots filled per request, which costs far less than compiling.
 */
import type { Knex } from "knex";
import type { NodePath, TimeBound } from "../ir/nodes.js";

/** A time bound resolved when the slots are filled. */
export class TimeSlot {
  constructor(
    readonly bound: TimeBound,
    readonly path: NodePath,
  ) {}
}

/** The `index`-th customer id of the request. */
export class CustomerIdSlot {
  constructor(readonly index: number) {}
}

/** A slot of a slotted plan. */
export type BindingSlot = TimeSlot | CustomerIdSlot;

/** A slot as knex sees it: an opaque binding value, passed through to the compiled bindings. */
export function slotBinding(slot: BindingSlot): Knex.Value {
  return slot as unknown as Knex.Value;
}
