/**
 * Which predicate nodes read which stored table, so a slow read in the plan can be traced back to
 * the nodes that cause it: a condition on a customer column reads `customers`, a custom field
 * condition reads `custom_field_values`, a relation reads its scope's table (SCOPE_TABLES).
 * Conditions inside a relation's `where` are part of the relation's read. Expanded segment
 * references contribute their body's nodes under the body's own paths.
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { Expr, NodePath } from "../ir/nodes.js";
import { walkExpr } from "../ir/walk-expr.js";
import { CUSTOM_VALUES } from "../compile/schema-names.js";

/** A predicate node that reads a table. */
export interface TableTouch {
  readonly path: NodePath;
  /** The stored table read. */
  readonly table: string;
  readonly kind: "column_condition" | "custom_condition" | "relation";
  /** A relation with a `last N` window (its edge probe is read under its own alias). */
  readonly lastWindow: boolean;
  /** Words naming the node in a message, e.g. `condition on name`, `relation over invoices`. */
  readonly description: string;
}

/** Every node of `expr` (at the customer level) that reads a table, in predicate order. */
export function tableTouches(expr: Expr): TableTouch[] {
  const out: TableTouch[] = [];
  walkExpr(expr, { relationWhere: false, segmentBodies: true }, (e) => {
    if (e.kind === "condition") {
      out.push(
        e.field.kind === "custom"
          ? { path: e.path, table: CUSTOM_VALUES.table, kind: "custom_condition", lastWindow: false, description: `condition on ${e.field.path}` }
          : { path: e.path, table: e.field.table, kind: "column_condition", lastWindow: false, description: `condition on ${e.field.path}` },
      );
    } else if (e.kind === "relation") {
      out.push({
        path: e.path,
        table: SCOPE_TABLES[e.scope].table,
        kind: "relation",
        lastWindow: e.window?.kind === "last",
        description: `relation over ${e.scope}`,
      });
    }
  });
  return out;
}
