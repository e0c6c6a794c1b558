/**
 * The rows a relation looks at (docs/semantics.md §6): the customer's rows of one scope inside
 * the window. Quantifiers are written against this interface, so each window kind decides
 * alone how its rows are reached.
 */
import type { RelationScope } from "../ir/nodes.js";
import type { SqlTemplate } from "./sql-template.js";

/** A customer's related rows in a window, as SQL building blocks. */
export interface RelationRows {
  readonly scope: RelationScope;
  /** Alias under which `where` conditions and aggregates see one row. */
  readonly rowAlias: string;
  /** True when some row satisfies `filter` (null: when there is any row). */
  some(filter: SqlTemplate | null): SqlTemplate;
  /** True when no row satisfies `filter` (null: when there is no row). */
  none(filter: SqlTemplate | null): SqlTemplate;
  /**
   * Scalar subquery: the aggregate expression `value` (over `rowAlias`) on the rows satisfying
   * `filter`. When no row qualifies it is either NULL or `value` over the empty set; callers
   * must give the same answer for both.
   */
  aggregate(value: SqlTemplate, filter: SqlTemplate | null): SqlTemplate;
}
