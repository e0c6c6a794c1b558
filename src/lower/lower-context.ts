/** What every lowering step needs besides the node itself. */
import type { FieldCatalog } from "../catalog/field-catalog.js";
import type { ScopeName } from "../ir/nodes.js";
import type { NodeBudget } from "./predicate-limits.js";

/** The catalog, the scope whose fields conditions test, and the node budget of the predicate. */
export interface LowerContext {
  readonly catalog: FieldCatalog;
  /** `customer` at the top; the relation's scope inside a relation's `where`. */
  readonly scope: ScopeName;
  readonly budget: NodeBudget;
}
