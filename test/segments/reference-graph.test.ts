/**
 * The reference graph of live segments on the real database: references must point at live
 * segments and never close a cycle, a referenced segment cannot be deleted, and changes of the
 * graph are serialized by one lock.
 */
import type { Knex } from "knex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureDatabase, openKnex } from "../../src/db/connect.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import {
  assertNoReferenceCycle,
  assertNotReferenced,
  assertReferencesExist,
  lockReferenceGraph,
  removeReferences,
  replaceReferences,
} from "../../src/segments/reference-graph.js";
import { testDatabaseLocation } from "../support/test-database.js";

const DB = testDatabaseLocation("segments_test_reference_graph");
let knex: Knex;

beforeAll(async () => {
  await ensureDatabase(DB);
  knex = openKnex(DB, 4);
  await migrateLatest(knex);
});

afterAll(async () => {
  await knex.destroy();
});

beforeEach(async () => {
  await knex("segment_references").delete();
  await knex("segment_versions").delete();
  await knex("segments").delete();
});

/** Live segments by id and name, plus deleted ones. */
async function segments(live: Record<string, string>, deleted: Record<string, string> = {}): Promise<void> {
  const at = "2025-01-01 00:00:00.000";
  const row = (id: string, name: string, deletedAt: string | null) => ({
    id,
    name,
    active_name: deletedAt ? null : name,
    description: "",
    current_version: 1,
    created_at: at,
    updated_at: at,
    deleted_at: deletedAt,
  });
  await knex("segments").insert([
    ...Object.entries(live).map(([id, name]) => row(id, name, null)),
    ...Object.entries(deleted).map(([id, name]) => row(id, name, at)),
  ]);
}

async function edges(...pairs: Array<[string, string]>): Promise<void> {
  await knex("segment_references").insert(pairs.map(([from, to]) => ({ segment_id: from, referenced_segment_id: to })));
}

async function referencesOf(id: string): Promise<string[]> {
  return knex("segment_references").where({ segment_id: id }).orderBy("referenced_segment_id").pluck("referenced_segment_id");
}

const inTransaction = <T>(run: (trx: Knex.Transaction) => Promise<T>): Promise<T> => knex.transaction(run);

describe("assertReferencesExist", () => {
  it("accepts references to live segments, repeated or not", async () => {
    await segments({ a: "A", b: "B" });
    await inTransaction((trx) => assertReferencesExist(trx, [{ segmentId: "a", path: "p.and[0]" }, { segmentId: "b", path: "p.and[1]" }, { segmentId: "a", path: "p.and[2]" }]));
  });

  it("refuses, at the path of the first one, a reference to a deleted or absent segment", async () => {
    await segments({ a: "A" }, { gone: "Gone" });
    const refs = [
      { segmentId: "a", path: "p.and[0]" },
      { segmentId: "gone", path: "p.and[1]" },
      { segmentId: "never", path: "p.and[2]" },
    ];
    await expect(inTransaction((trx) => assertReferencesExist(trx, refs))).rejects.toMatchObject({
      code: "invalid_argument",
      path: "p.and[1]",
      detail: "referenced segment gone does not exist",
    });
    await expect(inTransaction((trx) => assertReferencesExist(trx, refs.slice(2)))).rejects.toMatchObject({ path: "p.and[2]" });
  });
});

describe("assertNoReferenceCycle", () => {
  beforeEach(async () => {
    await segments({ a: "A", b: "B", c: "C", d: "D" });
    await edges(["a", "b"], ["b", "c"]);
  });

  it("accepts references that close no cycle", async () => {
    await inTransaction((trx) => assertNoReferenceCycle(trx, "d", [{ segmentId: "a", path: "p" }]));
    await inTransaction((trx) => assertNoReferenceCycle(trx, "a", [{ segmentId: "c", path: "p" }]));
  });

  it.each([
    ["c", "a", "c → a → b → c"],
    ["b", "a", "b → a → b"],
    ["a", "a", "a → a"],
  ])("refuses %s referencing %s and names the cycle %s", async (from, to, cycle) => {
    const refs = [{ segmentId: "d", path: "p.or[0]" }, { segmentId: to, path: "p.or[1]" }];
    await expect(inTransaction((trx) => assertNoReferenceCycle(trx, from, refs))).rejects.toMatchObject({
      code: "invalid_argument",
      path: "p.or[1]",
      detail: `reference would create a cycle: ${cycle}`,
    });
  });
});

describe("assertNotReferenced", () => {
  it("accepts a segment only deleted segments referenced", async () => {
    await segments({ b: "B" }, { x: "X" });
    await edges(["x", "b"]);
    await inTransaction((trx) => assertNotReferenced(trx, "b"));
  });

  it("refuses a segment live segments reference, listing them by name", async () => {
    await segments({ b: "B", z: "Alpha", a: "Beta" });
    await edges(["a", "b"], ["z", "b"]);
    await expect(inTransaction((trx) => assertNotReferenced(trx, "b"))).rejects.toMatchObject({
      code: "failed_precondition",
      path: "id",
      detail: "segment b is referenced by z (Alpha), a (Beta): remove those references first",
    });
  });
});

describe("replaceReferences and removeReferences", () => {
  it("make the given references, once each, the only outgoing ones", async () => {
    await segments({ a: "A", b: "B", c: "C", d: "D" });
    await edges(["a", "b"], ["d", "b"]);
    await inTransaction((trx) => replaceReferences(trx, "a", [{ segmentId: "c", path: "p[0]" }, { segmentId: "d", path: "p[1]" }, { segmentId: "c", path: "p[2]" }]));
    expect(await referencesOf("a")).toEqual(["c", "d"]);
    await inTransaction((trx) => replaceReferences(trx, "a", []));
    expect(await referencesOf("a")).toEqual([]);
    await inTransaction((trx) => removeReferences(trx, "d"));
    expect(await referencesOf("d")).toEqual([]);
  });
});

describe("lockReferenceGraph", () => {
  it("holds a second transaction until the first ends", async () => {
    const first = await knex.transaction();
    await lockReferenceGraph(first);
    const second = await knex.transaction();
    let secondLocked = false;
    const locking = lockReferenceGraph(second).then(() => {
      secondLocked = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondLocked).toBe(false);
    await first.commit();
    await locking;
    expect(secondLocked).toBe(true);
    await second.commit();
  });
});
