/**
 * Maps a table read of the plan back to stored tables and predicate nodes. EXPLAIN names tables
 * by their alias in the compiled SQL (src/compile/schema-names.ts): `c` is the customer, `v` a
 * custom field value row, `r` a related row of whichever relation the subquery belongs to, `n`
 * the edge probe of a `last N` window. Which relation such a read belongs to is narrowed by the
 * index names it uses or could use — the billing schema names every secondary index `<table>_…`
 * (src/db/migrations/0001-billing-schema.ts). When that leaves several relations, all of them
 * are returned: the warning then names each.
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import { ALIAS, CUSTOM_VALUES, CUSTOMERS_TABLE } from "../compile/schema-names.js";
import type { PlanTableAccess } from "./parse-explain-json.js";
import type { TableTouch } from "./predicate-tables.js";

/** Stored tables and predicate nodes behind one read. */
export interface ResolvedRead {
  /** Candidate stored tables (one when known, none for temporary tables and unknown aliases). */
  readonly tables: readonly string[];
  /** Nodes reading those tables. */
  readonly touches: readonly TableTouch[];
}

const STORED_TABLES = new Set([...Object.values(SCOPE_TABLES).map((s) => s.table), CUSTOM_VALUES.table]);

/** The stored tables and predicate nodes behind `access`. */
export function resolvePlanRead(access: PlanTableAccess, touches: readonly TableTouch[]): ResolvedRead {
  if (!access.base) return { tables: [], touches: [] };
  if (STORED_TABLES.has(access.table)) return ofTable(access.table, touches);
  switch (access.table) {
    case ALIAS.customer:
      return ofTable(CUSTOMERS_TABLE, touches);
    case ALIAS.customValue:
      return ofTable(CUSTOM_VALUES.table, touches);
    case ALIAS.relatedRow:
      return relationRead(access, touches.filter((t) => t.kind === "relation"));
    case ALIAS.windowEdge:
      return relationRead(access, touches.filter((t) => t.kind === "relation" && t.lastWindow));
    default:
      return { tables: [], touches: [] };
  }
}

/** The name to show for a read: the stored table when it is known for sure, else the plan's name. */
export function displayTableName(access: PlanTableAccess, touches: readonly TableTouch[]): string {
  const { tables } = resolvePlanRead(access, touches);
  return tables.length === 1 && tables[0] !== undefined ? tables[0] : access.table;
}

function ofTable(table: string, touches: readonly TableTouch[]): ResolvedRead {
  return { tables: [table], touches: touches.filter((t) => t.table === table) };
}

/** The relations among `relations` that `access` may belong to, by the indexes it names. */
function relationRead(access: PlanTableAccess, relations: readonly TableTouch[]): ResolvedRead {
  const keys = [access.key, ...access.possibleKeys].filter((k) => k !== "" && k !== "PRIMARY");
  const byIndex = relations.filter((t) => keys.some((k) => k.startsWith(`${t.table}_`)));
  // No index names a table (a scan without candidates): every relation stays a suspect.
  const candidates = byIndex.length > 0 ? byIndex : relations;
  return { tables: [...new Set(candidates.map((t) => t.table))], touches: candidates };
}
