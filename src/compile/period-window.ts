/**
 * A period window (docs/semantics.md §6 "Windows"): the rows whose natural time lies in the
 * half-open `[from, to)`, either bound optional, absolute or relative to the evaluation instant.
 * Sargable: bound constants against the (customer_id, time) index.
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { NodePath, RelationScope, TimeBound } from "../ir/nodes.js";
import type { PredicateContext } from "./predicate-context.js";
import { timeBinding } from "./resolve-time.js";
import { qualified } from "./schema-names.js";
import { type SqlTemplate, sqlTemplate } from "./sql-template.js";

/** A period window; both null means every row. */
export interface Period {
  readonly from: TimeBound | null;
  readonly to: TimeBound | null;
}

/** The conditions that put a related row (alias `row`) in `period`. */
export function periodConditions(scope: RelationScope, period: Period, row: string, ctx: PredicateContext, path: NodePath): SqlTemplate[] {
  const time = qualified(row, SCOPE_TABLES[scope].timeColumn);
  const out: SqlTemplate[] = [];
  if (period.from !== null) out.push(sqlTemplate("?? >= ?", [time, timeBinding(period.from, ctx.instantMs, path)]));
  if (period.to !== null) out.push(sqlTemplate("?? < ?", [time, timeBinding(period.to, ctx.instantMs, path)]));
  return out;
}
