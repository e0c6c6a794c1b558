/** The hand-written twin queries of the workload at one evaluation instant. */
import { addTimeUnits } from "../../src/ir/utc-calendar.js";
import { CUSTOM_FIELD_DEFINITIONS } from "../../src/datagen/custom-field-definitions.js";
import { formatSqlDatetime } from "../../src/datagen/sql-datetime.js";
import { WORKLOAD, type HandContext, type WorkloadSegment } from "./segments.js";
import { q, type Binding, type SqlFragment } from "./sql-fragment.js";

/** A statement ready for mysql2 (which wants a mutable values array). */
export interface Statement {
  readonly sql: string;
  readonly values: Binding[];
}

/** A segment's member query and its point query for one customer. */
export interface HandWritten {
  /** Member ids (first column), ascending. */
  readonly members: Statement;
  /** One row for an existing customer, column `member` 1 (or 0/NULL when not a member). */
  readonly point: (customerId: number) => Statement;
}

/** The context hand-written SQL is built in, for the instant `instantMs`. */
export function handContext(instantMs: number): HandContext {
  const h: HandContext = {
    at: (amount, unit) => formatSqlDatetime(addTimeUnits(instantMs, amount, unit)),
    fieldId: (key) => {
      const index = CUSTOM_FIELD_DEFINITIONS.findIndex((d) => d.key === key);
      if (index < 0) throw new Error(`no generated custom field ${key}`);
      return index + 1;
    },
    condition: (name) => segmentNamed(name).where(h),
  };
  return h;
}

/** The workload segment called `name`. */
export function segmentNamed(name: string): WorkloadSegment {
  const found = WORKLOAD.find((s) => s.name === name);
  if (!found) throw new Error(`no workload segment ${name}`);
  return found;
}

/** Placeholder for the customer id while the point query is prepared once. */
const ID_SLOT = -7_777_777;

/** The member and point queries of `segment`, prepared once (the point query only swaps ids). */
export function handWritten(segment: WorkloadSegment, h: HandContext): HandWritten {
  const members: SqlFragment = segment.members?.(h) ?? q`SELECT c.id FROM customers c WHERE ${segment.where(h)} ORDER BY c.id`;
  const template = segment.point?.(h, ID_SLOT) ?? q`SELECT (${segment.where(h)}) AS member FROM customers c WHERE c.id = ${ID_SLOT}`;
  const slots = template.bindings.flatMap((b, i) => (b === ID_SLOT ? [i] : []));
  if (slots.length === 0) throw new Error(`the point query of ${segment.name} does not bind the customer id`);
  return {
    members: { sql: members.sql, values: [...members.bindings] },
    point: (customerId) => {
      const values: Binding[] = [...template.bindings];
      for (const i of slots) values[i] = customerId;
      return { sql: template.sql, values };
    },
  };
}
