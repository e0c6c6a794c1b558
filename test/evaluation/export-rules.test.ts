/**
 * The rules of streaming evaluations, without a database: batch sizes, partitions, where a member
 * export starts, and that a cursor resumes exactly the export it was issued for. Inline
 * predicates are plain strings here; the lookups record what was asked of them.
 */
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors/user-error.js";
import {
  DEFAULT_BATCH_SIZE,
  MAX_BATCH_SIZE,
  MAX_PARTITIONS,
  checkPartition,
  cursorAfter,
  exportBatchSize,
  startMemberExport,
  type ExportPartition,
  type MemberExportLookups,
  type MemberExportRequest,
  type RequestedTarget,
} from "../../src/evaluation/export-rules.js";
import type { ResolvedTarget } from "../../src/evaluation/resolve-target.js";
import { TokenSigner } from "../../src/tokens/signed-token.js";

const tokens = new TokenSigner("export-rules-test");
const NOW = Date.UTC(2025, 2, 31, 10, 15);

function targetOf(segmentId: string | undefined, version: number): ResolvedTarget {
  return { expr: { kind: "and", path: "", items: [] }, segmentId, version, stamp: undefined };
}

/** Lookups that answer like a store with segment "vip" at version 3 and log each call. */
function lookups(calls: string[], current: ResolvedTarget = targetOf("vip", 3)): MemberExportLookups<string> {
  return {
    instant: () => {
      calls.push("instant");
      return NOW;
    },
    current: async () => {
      calls.push("current");
      return current;
    },
    segmentVersion: async (id, version, path) => {
      calls.push(`segmentVersion ${id} ${version} ${path}`);
      return targetOf(id, version);
    },
    inline: async (predicate, path) => {
      calls.push(`inline ${predicate} ${path}`);
      return targetOf(undefined, 0);
    },
    digest: (predicate) => `digest of ${predicate}`,
  };
}

function request(overrides: Partial<MemberExportRequest<string>> = {}): MemberExportRequest<string> {
  return { cursor: "", partition: undefined, hasEvaluationTime: false, target: { kind: "segment", segmentId: "vip" }, ...overrides };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; path: string }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return { code: (err as UserError).code, path: (err as UserError).path };
  }
  throw new Error("the request was accepted");
}

function refusedNow(run: () => unknown): { code: string; path: string } {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return { code: (err as UserError).code, path: (err as UserError).path };
  }
  throw new Error("the request was accepted");
}

/** A cursor of an export started by `first`, after customer 41. */
async function cursorOf(first: MemberExportRequest<string>): Promise<string> {
  const current = first.target.kind === "predicate" ? targetOf(undefined, 0) : targetOf("vip", 3);
  const { start } = await startMemberExport(tokens, first, lookups([], current));
  return cursorAfter(tokens, start, 41);
}

describe("exportBatchSize", () => {
  it.each([
    [0, DEFAULT_BATCH_SIZE],
    [1, 1],
    [MAX_BATCH_SIZE, MAX_BATCH_SIZE],
  ])("uses %i as %i", (requested, used) => {
    expect(exportBatchSize(requested)).toBe(used);
  });

  it("refuses more than the maximum at batch_size", () => {
    expect(refusedNow(() => exportBatchSize(MAX_BATCH_SIZE + 1))).toEqual({ code: "invalid_argument", path: "batch_size" });
  });
});

describe("checkPartition", () => {
  it.each([
    [0, 1],
    [2, 3],
    [MAX_PARTITIONS - 1, MAX_PARTITIONS],
  ])("accepts partition %i of %i", (index, count) => {
    expect(checkPartition(index, count)).toEqual({ index, count });
  });

  it.each([
    [0, 0, "partition.count"],
    [0, MAX_PARTITIONS + 1, "partition.count"],
    [3, 3, "partition.index"],
    [4, 3, "partition.index"],
  ])("refuses partition %i of %i at %s", (index, count, path) => {
    expect(refusedNow(() => checkPartition(index, count))).toEqual({ code: "invalid_argument", path });
  });
});

describe("a new member export", () => {
  it("evaluates the current target at the request's instant from the first customer", async () => {
    const calls: string[] = [];
    const partition: ExportPartition = { index: 1, count: 4 };
    const { target, start } = await startMemberExport(tokens, request({ partition }), lookups(calls));
    expect(target).toEqual(targetOf("vip", 3));
    expect(start).toEqual({ segmentId: "vip", version: 3, predicateDigest: "", instantMs: NOW, partition, afterId: 0 });
    expect(calls).toEqual(["instant", "current"]);
  });

  it("ties an inline predicate's export to the predicate's digest", async () => {
    const calls: string[] = [];
    const { start } = await startMemberExport(tokens, request({ target: { kind: "predicate", predicate: "p1" } }), lookups(calls, targetOf(undefined, 0)));
    expect(start).toEqual({ segmentId: undefined, version: 0, predicateDigest: "digest of p1", instantMs: NOW, partition: undefined, afterId: 0 });
  });
});

describe("a resumed member export", () => {
  it("continues after the cursor's last customer with the cursor's version, instant and partition", async () => {
    const partition: ExportPartition = { index: 0, count: 2 };
    const cursor = await cursorOf(request({ partition }));
    const calls: string[] = [];
    for (const again of [partition, undefined]) {
      const { target, start } = await startMemberExport(tokens, request({ cursor, partition: again }), lookups(calls));
      expect(target).toEqual(targetOf("vip", 3));
      expect(start).toEqual({ segmentId: "vip", version: 3, predicateDigest: "", instantMs: NOW, partition, afterId: 41 });
    }
    expect(calls).toEqual(["segmentVersion vip 3 cursor", "segmentVersion vip 3 cursor"]);
  });

  it("may leave out the target of a segment export", async () => {
    const cursor = await cursorOf(request());
    const { start } = await startMemberExport(tokens, request({ cursor, target: { kind: "none" } }), lookups([]));
    expect(start.afterId).toBe(41);
  });

  it("resumes an inline-predicate export for the same predicate", async () => {
    const target: RequestedTarget<string> = { kind: "predicate", predicate: "p1" };
    const cursor = await cursorOf(request({ target }));
    const calls: string[] = [];
    const resumed = await startMemberExport(tokens, request({ cursor, target }), lookups(calls));
    expect(resumed.start).toMatchObject({ segmentId: undefined, predicateDigest: "digest of p1", afterId: 41 });
    expect(calls).toEqual(["inline p1 target.predicate"]);
  });

  it.each<[string, MemberExportRequest<string>["target"], MemberExportRequest<string>["target"], string]>([
    ["another segment", { kind: "segment", segmentId: "vip" }, { kind: "segment", segmentId: "dunning" }, "cursor"],
    ["a predicate instead of its segment", { kind: "segment", segmentId: "vip" }, { kind: "predicate", predicate: "p1" }, "cursor"],
    ["another predicate", { kind: "predicate", predicate: "p1" }, { kind: "predicate", predicate: "p2" }, "cursor"],
    ["no predicate", { kind: "predicate", predicate: "p1" }, { kind: "none" }, "target.predicate"],
    ["a segment instead of its predicate", { kind: "predicate", predicate: "p1" }, { kind: "segment", segmentId: "vip" }, "target.predicate"],
  ])("refuses a cursor for %s", async (_, issuedFor, requested, path) => {
    const cursor = await cursorOf(request({ target: issuedFor }));
    const calls: string[] = [];
    expect(await refusal(startMemberExport(tokens, request({ cursor, target: requested }), lookups(calls)))).toEqual({ code: "invalid_argument", path });
    expect(calls).toEqual([]);
  });

  it.each<[string, ExportPartition | undefined, ExportPartition]>([
    ["another partition", { index: 0, count: 2 }, { index: 1, count: 2 }],
    ["another partition count", { index: 0, count: 2 }, { index: 0, count: 3 }],
    ["a partition the export did not have", undefined, { index: 0, count: 2 }],
  ])("refuses %s", async (_, issuedWith, requested) => {
    const cursor = await cursorOf(request({ partition: issuedWith }));
    expect(await refusal(startMemberExport(tokens, request({ cursor, partition: requested }), lookups([])))).toEqual({
      code: "invalid_argument",
      path: "partition",
    });
  });

  it("refuses an evaluation time: it comes from the cursor", async () => {
    const cursor = await cursorOf(request());
    expect(await refusal(startMemberExport(tokens, request({ cursor, hasEvaluationTime: true }), lookups([])))).toEqual({
      code: "invalid_argument",
      path: "evaluation_time",
    });
  });

  it("refuses an edited cursor and one signed with another secret", async () => {
    const cursor = await cursorOf(request());
    const edited = cursor.replace(/^./, (c) => (c === "e" ? "f" : "e"));
    const foreign = cursorAfter(new TokenSigner("another secret"), { segmentId: "vip", version: 3, predicateDigest: "", instantMs: NOW, partition: undefined, afterId: 1 }, 1);
    for (const bad of [edited, foreign, "not-a-cursor"]) {
      expect(await refusal(startMemberExport(tokens, request({ cursor: bad }), lookups([])))).toEqual({ code: "invalid_argument", path: "cursor" });
    }
  });
});
