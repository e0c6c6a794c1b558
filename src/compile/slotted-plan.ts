/**
 * Slotted plans: compiled statements with slots for the request-dependent values, so a segment
 * version is compiled once and each request only fills in its evaluation instant and customer
 * ids. (Not to be confused with SqlTemplate, the text of one condition while it is compiled.)
 */
import type { Knex } from "knex";
import { CustomerIdSlot, TimeSlot } from "./binding-slot.js";
import { resolveTimeBound, sqlTimestamp } from "./resolve-time.js";
import type { SqlBinding, SqlPlan } from "./sql-plan.js";

/** A statement whose bindings may still be slots (a SqlPlan once they are filled). */
export interface SlottedPlan {
  readonly sql: string;
  readonly bindings: readonly (SqlBinding | TimeSlot | CustomerIdSlot)[];
  /** How many customer ids `fillSlots` expects. */
  readonly customerIdCount: number;
}

/** Turns an assembled knex query into a slotted plan, checking every binding is a scalar or a slot. */
export function toSlottedPlan(query: Knex.QueryBuilder | Knex.Raw, customerIdCount: number): SlottedPlan {
  const native = query.toSQL().toNative();
  const bindings = native.bindings.map((value, index) => {
    if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
    if (value instanceof TimeSlot || value instanceof CustomerIdSlot) return value;
    throw new Error(`binding ${index} is neither a scalar nor a slot (${typeof value})`);
  });
  return { sql: native.sql, bindings, customerIdCount };
}

/** The statement for one request: relative times resolved with `instantMs`, ids filled in. */
export function fillSlots(plan: SlottedPlan, instantMs: number, customerIds: readonly number[]): SqlPlan {
  if (customerIds.length !== plan.customerIdCount) {
    throw new RangeError(`slotted plan expects ${plan.customerIdCount} customer ids, got ${customerIds.length}`);
  }
  const bindings = plan.bindings.map((b): SqlBinding => {
    if (b instanceof TimeSlot) return sqlTimestamp(resolveTimeBound(b.bound, instantMs), b.path);
    if (b instanceof CustomerIdSlot) return customerIds[b.index]!;
    return b;
  });
  return { sql: plan.sql, bindings };
}
