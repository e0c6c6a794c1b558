/**
 * The four properties, as checks of one predicate against the loaded database. Each throws a
 * {@link Mismatch} that shows the predicate, the instant, the differing customers and their
 * rows, so a failure can be reproduced by hand.
 *
 * (a) members SQL = reference members; (b) members(P) and members(not P) partition the
 * customers; (c) membership of chosen ids = reference; (d) count SQL = reference count.
 */
import type { Expr } from "../../src/ir/nodes.js";
import { compileCountQuery, compileMembersQuery, compileMembershipQuery } from "../../src/compile/compile-members-query.js";
import { evaluateMembers } from "../reference/evaluate-members.js";
import { describeCustomer, describePredicate } from "./describe-predicate.js";
import { runPlan, type PropertyDatabase } from "./property-database.js";

/** A disagreement between the compiled SQL and the reference (or the spec's invariants). */
export class Mismatch extends Error {
  override readonly name = "Mismatch";
}

const DIALECT = "mariadb" as const;

function header(property: string, expr: Expr, instantMs: number): string {
  return `${property}\n  instant: ${new Date(instantMs).toISOString()}\n  predicate: ${describePredicate(expr)}`;
}

function differing(db: PropertyDatabase, label: string, ids: readonly number[], expr: Expr): string {
  if (ids.length === 0) return "";
  const shown = ids.slice(0, 3).map((id) => `\n    ${describeCustomer(db.dataset, id, expr)}`).join("");
  return `\n  ${label} (${ids.length}): ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ", ..." : ""}${shown}`;
}

async function sqlMembers(db: PropertyDatabase, expr: Expr, instantMs: number): Promise<number[]> {
  const rows = await runPlan(db.knex, compileMembersQuery(expr, { instantMs, dialect: DIALECT }));
  return rows.map((r) => Number(r["id"]));
}

/** (a) The member scan returns exactly the reference members, each once. */
export async function checkMembers(db: PropertyDatabase, expr: Expr, instantMs: number): Promise<void> {
  const got = await sqlMembers(db, expr, instantMs);
  const expected = evaluateMembers(expr, db.dataset, instantMs);
  const gotSet = new Set(got);
  const extra = got.filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !gotSet.has(id));
  const duplicated = got.length !== gotSet.size;
  if (extra.length > 0 || missing.length > 0 || duplicated) {
    throw new Mismatch(
      `${header("(a) SQL members differ from the reference", expr, instantMs)}` +
        `\n  expected ${expected.size} members, SQL returned ${got.length}${duplicated ? " (with duplicates)" : ""}` +
        differing(db, "in SQL only", extra, expr) +
        differing(db, "in reference only", missing, expr),
    );
  }
}

/** (b) In SQL, members(P) and members(not P) are disjoint and cover every customer. */
export async function checkPartition(db: PropertyDatabase, expr: Expr, instantMs: number): Promise<void> {
  const negated: Expr = { kind: "not", path: "predicate", item: expr };
  const inP = new Set(await sqlMembers(db, expr, instantMs));
  const inNotP = new Set(await sqlMembers(db, negated, instantMs));
  const both = [...inP].filter((id) => inNotP.has(id));
  const neither = [...db.allIds].filter((id) => !inP.has(id) && !inNotP.has(id));
  if (both.length > 0 || neither.length > 0) {
    const expected = evaluateMembers(expr, db.dataset, instantMs).size;
    throw new Mismatch(
      `${header("(b) members(P) and members(not P) do not partition the customers", expr, instantMs)}` +
        `\n  SQL: |P| = ${inP.size}, |not P| = ${inNotP.size}; reference: |P| = ${expected}, |not P| = ${db.allIds.size - expected}` +
        differing(db, "in both", both, expr) +
        differing(db, "in neither", neither, expr),
    );
  }
}

/** (c) The membership query gives one row per existing requested id, with the reference's answer. */
export async function checkMembership(db: PropertyDatabase, expr: Expr, instantMs: number, ids: readonly number[]): Promise<void> {
  const rows = await runPlan(db.knex, compileMembershipQuery(expr, ids, { instantMs, dialect: DIALECT }));
  const expected = evaluateMembers(expr, db.dataset, instantMs);
  const answers = new Map<number, boolean>();
  const problems: string[] = [];
  for (const row of rows) {
    const id = Number(row["id"]);
    if (answers.has(id)) problems.push(`id ${id} twice`);
    const member = row["member"];
    if (member !== 0 && member !== 1 && member !== "0" && member !== "1") problems.push(`id ${id}: member is ${JSON.stringify(member)}`);
    answers.set(id, Number(member) === 1);
  }
  const wrong: number[] = [];
  for (const id of new Set(ids)) {
    const exists = db.allIds.has(id);
    if (!exists) {
      if (answers.has(id)) problems.push(`unknown id ${id} has a row`);
      continue;
    }
    if (!answers.has(id)) problems.push(`id ${id} has no row`);
    else if (answers.get(id) !== expected.has(id)) wrong.push(id);
  }
  if (problems.length > 0 || wrong.length > 0) {
    throw new Mismatch(
      `${header("(c) membership query differs from the reference", expr, instantMs)}` +
        `\n  ids: ${ids.join(", ")}` +
        (problems.length > 0 ? `\n  problems: ${problems.slice(0, 10).join("; ")}` : "") +
        differing(db, "wrong answer", wrong, expr) +
        (wrong.length > 0 ? `\n  reference says member for: ${wrong.filter((id) => expected.has(id)).join(", ") || "none of them"}` : ""),
    );
  }
}

/** (d) The count query equals the reference count. */
export async function checkCount(db: PropertyDatabase, expr: Expr, instantMs: number): Promise<void> {
  const rows = await runPlan(db.knex, compileCountQuery(expr, { instantMs, dialect: DIALECT }));
  const expected = evaluateMembers(expr, db.dataset, instantMs).size;
  const got = rows.length === 1 ? Number(rows[0]?.["n"]) : Number.NaN;
  if (got !== expected) {
    throw new Mismatch(`${header("(d) SQL count differs from the reference", expr, instantMs)}\n  expected ${expected}, SQL returned ${rows.length} rows: ${JSON.stringify(rows)}`);
  }
}

/**
 * (e) Keyset pages (`afterId` + `limit`) of every partition (`id MOD count = index`), read to
 * the end, give each reference member exactly once, in ascending id order within a partition.
 */
export async function checkPagination(db: PropertyDatabase, expr: Expr, instantMs: number, pageSize: number, partitions: number): Promise<void> {
  const expected = evaluateMembers(expr, db.dataset, instantMs);
  const seen: number[] = [];
  const problems: string[] = [];
  for (let index = 0; index < partitions; index++) {
    let afterId: number | undefined;
    for (let page = 0; ; page++) {
      const plan = compileMembersQuery(expr, {
        instantMs,
        dialect: DIALECT,
        limit: pageSize,
        ...(afterId === undefined ? {} : { afterId }),
        ...(partitions > 1 ? { partition: { index, count: partitions } } : {}),
      });
      const ids = (await runPlan(db.knex, plan)).map((r) => Number(r["id"]));
      if (ids.length > pageSize) problems.push(`page of ${ids.length} rows > limit ${pageSize}`);
      for (const [i, id] of ids.entries()) {
        if ((afterId !== undefined && id <= afterId) || (i > 0 && id <= (ids[i - 1] as number))) problems.push(`id ${id} out of order`);
        if (partitions > 1 && id % partitions !== index) problems.push(`id ${id} in partition ${index} of ${partitions}`);
      }
      seen.push(...ids);
      if (ids.length < pageSize || page > db.allIds.size) break;
      afterId = ids[ids.length - 1];
    }
  }
  const seenSet = new Set(seen);
  const extra = [...seenSet].filter((id) => !expected.has(id));
  const missing = [...expected].filter((id) => !seenSet.has(id));
  if (seen.length !== seenSet.size) problems.push("an id came twice");
  if (problems.length > 0 || extra.length > 0 || missing.length > 0) {
    throw new Mismatch(
      `${header(`(e) pages of ${pageSize} over ${partitions} partitions differ from the reference`, expr, instantMs)}` +
        (problems.length > 0 ? `\n  problems: ${problems.slice(0, 10).join("; ")}` : "") +
        differing(db, "in SQL only", extra, expr) +
        differing(db, "in reference only", missing, expr),
    );
  }
}
