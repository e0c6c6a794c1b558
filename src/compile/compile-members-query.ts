/**
 * The statements the service runs for a predicate: member scans (keyset pages, partitions),
 * counts, and membership checks of known customers. Each is one SELECT over `customers AS c`
 * with the compiled predicate; every number here (ids, limits, partitions) is a binding.
 */
import type { Knex } from "knex";
import { versionStampColumns } from "../db/segment-store-tables.js";
import type { Expr } from "../ir/nodes.js";
import { CustomerIdSlot } from "./binding-slot.js";
import { customValueMemberScan } from "./compile-condition.js";
import { compilePredicate, predicateTemplate } from "./compile-predicate.js";
import { fillShape, fragmentShape, shapePerKey } from "./fragment-shape.js";
import { fillSlots, toSlottedPlan, type SlottedPlan } from "./slotted-plan.js";
import { customerContext, customerIdBinding } from "./predicate-context.js";
import { ALIAS, CUSTOMERS_TABLE, ID_COLUMN, qualified } from "./schema-names.js";
import { sql } from "./sql-builder.js";
import { toFragment, valueList } from "./sql-template.js";
import { type CompileOptions, type SqlPlan, toSqlPlan } from "./sql-plan.js";

/** Options of a member scan. */
export interface MembersQueryOptions extends CompileOptions {
  /** Keyset pagination: only customers with `id > afterId`. */
  readonly afterId?: number;
  /** At most this many rows. */
  readonly limit?: number;
  /** Only customers with `id MOD count = index` (parallel exports). */
  readonly partition?: { readonly index: number; readonly count: number };
}

const CUSTOMER_ID = qualified(ALIAS.customer, ID_COLUMN);

/** `SELECT c.id FROM customers AS c WHERE <pred> [AND c.id > ?] [AND c.id MOD ? = ?] ORDER BY c.id [LIMIT ?]`. */
export function compileMembersQuery(expr: Expr, options: MembersQueryOptions): SqlPlan {
  const ctx = customerContext(options);
  const direct = customValueMemberScan(expr, ctx);
  const query: Knex.QueryBuilder = direct?.query ?? sql.select(CUSTOMER_ID).from(customersTable()).where(compilePredicate(expr, ctx));
  const customerId = direct?.customerId ?? CUSTOMER_ID;
  if (options.afterId !== undefined) {
    query.andWhereRaw("?? > ?", [customerId, checkedInteger("afterId", options.afterId, 0)]);
  }
  if (options.partition !== undefined) {
    const count = checkedInteger("partition.count", options.partition.count, 1);
    const index = checkedInteger("partition.index", options.partition.index, 0);
    if (index >= count) throw new RangeError(`partition.index must be below partition.count, got ${index} of ${count}`);
    query.andWhereRaw("?? MOD ? = ?", [customerId, count, index]);
  }
  query.orderBy(customerId, "asc");
  if (options.limit !== undefined) query.limit(checkedInteger("limit", options.limit, 1));
  return toSqlPlan(query);
}

/** `SELECT COUNT(*) AS n FROM customers AS c WHERE <pred>`: one row, column `n`. */
export function compileCountQuery(expr: Expr, options: CompileOptions): SqlPlan {
  const query = sql
    .count({ n: "*" })
    .from(customersTable())
    .where(compilePredicate(expr, customerContext(options)));
  return toSqlPlan(query);
}

/**
 * `SELECT c.id, (<pred>) AS member FROM customers AS c WHERE c.id IN (...) ORDER BY c.id`:
 * one row per existing customer among `customerIds` (unknown ids have no row), `member` 1 or 0.
 * With `versionStampOf`, each row also carries `stamp_n` and `stamp_v`: how many of those
 * segments are live and the sum of their current versions, read in the same statement (see
 * VersionStamp in src/evaluation/resolve-target.ts).
 */
export function compileMembershipQuery(
  expr: Expr,
  customerIds: readonly number[],
  options: CompileOptions & MembershipPlanOptions,
): SqlPlan {
  const ids = customerIds.map((id, i) => checkedInteger(`customerIds[${i}]`, id, 0));
  return fillSlots(compileSlottedMembershipPlan(expr, ids.length, options), options.instantMs, ids);
}

/** Options of a slotted membership plan. */
export interface MembershipPlanOptions {
  readonly dialect: CompileOptions["dialect"];
  readonly regexMatchLimit?: CompileOptions["regexMatchLimit"];
  /** Segment ids whose version stamp the statement reads along. */
  readonly versionStampOf?: readonly string[];
}

/** The membership statement for `customerIdCount` ids, with the instant and the ids as slots. */
export function compileSlottedMembershipPlan(expr: Expr, customerIdCount: number, options: MembershipPlanOptions): SlottedPlan {
  const ids = Array.from({ length: checkedInteger("customerIdCount", customerIdCount, 0) }, (_, i) => new CustomerIdSlot(i));
  const ctx = customerContext({ dialect: options.dialect, regexMatchLimit: options.regexMatchLimit, instantMs: null });
  const stampOf = options.versionStampOf ?? [];
  const shape = membershipShape(ids.length > 0, stampOf.length > 0);
  const statement = fillShape(shape, [
    predicateTemplate(expr, ctx),
    ids.length > 0 ? valueList(ids.map(customerIdBinding)) : null,
    stampOf.length > 0 ? valueList(stampOf) : null,
  ]);
  return toSlottedPlan(toFragment(statement), ids.length);
}

/**
 * `SELECT c.id, (<predicate>) AS member [, stamp_n, stamp_v] FROM customers AS c WHERE c.id IN
 * (<ids>) ORDER BY c.id`; holes: the predicate, the id list, the stamped segment id list
 * (the lists only when present). A list is one `valueList` template standing for all of
 * `IN (...)`'s values, so the shape does not depend on how many there are.
 */
const membershipShape = shapePerKey((hasIds: boolean, stamped: boolean) =>
  fragmentShape(3, (predicate, ids, stampIds) => {
    const columns = [CUSTOMER_ID, sql.raw("(?) AS ??", [predicate, "member"])];
    if (stamped) columns.push(...versionStampColumns(sql, [stampIds]));
    return sql.select(columns).from(customersTable()).whereIn(CUSTOMER_ID, hasIds ? [ids] : []).orderBy(CUSTOMER_ID, "asc");
  }),
);

/**
 * `SELECT (<p0>) AS m0, (<p1>) AS m1, ... FROM customers AS c WHERE c.id = ?`: membership of one
 * customer in several predicates in one statement; no row when the customer does not exist.
 */
export function compileMultiMembershipQuery(exprs: readonly Expr[], customerId: number, options: CompileOptions): SqlPlan {
  if (exprs.length === 0) throw new RangeError("compileMultiMembershipQuery needs at least one predicate");
  const id = checkedInteger("customerId", customerId, 0);
  const ctx = customerContext(options);
  const query = sql
    .select(exprs.map((expr, i) => sql.raw("(?) AS ??", [compilePredicate(expr, ctx), `m${i}`])))
    .from(customersTable())
    .whereRaw("?? = ?", [CUSTOMER_ID, id]);
  return toSqlPlan(query);
}

/**
 * `SELECT c.id, (<from>) AS in_from, (<to>) AS in_to FROM customers AS c [WHERE c.id > ?]
 * HAVING in_from <> in_to ORDER BY c.id`: the customers whose membership differs between two
 * predicates, in one scan; each predicate is compiled once (HAVING reads the select aliases).
 */
export function compileDiffQuery(from: Expr, to: Expr, options: CompileOptions & { readonly afterId?: number }): SqlPlan {
  const ctx = customerContext(options);
  const query = sql
    .select(CUSTOMER_ID, sql.raw("(?) AS ??", [compilePredicate(from, ctx), "in_from"]), sql.raw("(?) AS ??", [compilePredicate(to, ctx), "in_to"]))
    .from(customersTable());
  if (options.afterId !== undefined) query.whereRaw("?? > ?", [CUSTOMER_ID, checkedInteger("afterId", options.afterId, 0)]);
  query.havingRaw("?? <> ??", ["in_from", "in_to"]).orderBy(CUSTOMER_ID, "asc");
  return toSqlPlan(query);
}

/** `SELECT c.id FROM customers AS c WHERE c.id = ?`: whether a customer exists. */
export function compileCustomerExistsQuery(customerId: number): SqlPlan {
  const query = sql
    .select(CUSTOMER_ID)
    .from(customersTable())
    .whereRaw("?? = ?", [CUSTOMER_ID, checkedInteger("customerId", customerId, 0)]);
  return toSqlPlan(query);
}

function customersTable(): Record<string, string> {
  return { [ALIAS.customer]: CUSTOMERS_TABLE };
}

function checkedInteger(name: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

