/**
 * The rules of the streaming evaluations: batch sizes, partitions of a member export, where a
 * member export starts and how its cursor resumes it. The caller decodes the request into plain
 * values and supplies the lookups; nothing here reads protobuf or the database.
 */
import { invalidArgument } from "../errors/user-error.js";
import type { TokenSigner } from "../tokens/signed-token.js";
import { openCursor, sealCursor, type ExportCursor } from "./export-cursor.js";
import type { ResolvedTarget } from "./resolve-target.js";

/** Customer ids per batch when the caller asks for 0 (the default). */
export const DEFAULT_BATCH_SIZE = 1000;
/** Most customer ids per batch. */
export const MAX_BATCH_SIZE = 10_000;
/** Most partitions a member export can be split into. */
export const MAX_PARTITIONS = 1024;

/** One of `count` disjoint parts of a member export. */
export type ExportPartition = NonNullable<ExportCursor["partition"]>;

/** The batch size to use for a requested `batch_size`: the default for 0, INVALID_ARGUMENT above the maximum. */
export function exportBatchSize(requested: number): number {
  if (requested > MAX_BATCH_SIZE) throw invalidArgument("batch_size", `batch_size must be at most ${MAX_BATCH_SIZE}`);
  return requested === 0 ? DEFAULT_BATCH_SIZE : requested;
}

/** A requested partition, or INVALID_ARGUMENT at `partition.count` / `partition.index`. */
export function checkPartition(index: number, count: number): ExportPartition {
  if (count < 1 || count > MAX_PARTITIONS) throw invalidArgument("partition.count", `partition count must be between 1 and ${MAX_PARTITIONS}`);
  if (index >= count) throw invalidArgument("partition.index", "partition index must be below the partition count");
  return { index, count };
}

/** The target a member export request names: a segment id, an inline predicate (of type `P`), or none. */
export type RequestedTarget<P> =
  | { readonly kind: "segment"; readonly segmentId: string }
  | { readonly kind: "predicate"; readonly predicate: P }
  | { readonly kind: "none" };

/** A member export request, decoded; `P` is the caller's type of an inline predicate. */
export interface MemberExportRequest<P> {
  /** The cursor to resume from; "" starts a new export. */
  readonly cursor: string;
  /** The requested partition, already checked with {@link checkPartition}. */
  readonly partition: ExportPartition | undefined;
  /** Whether the request sets an evaluation time. */
  readonly hasEvaluationTime: boolean;
  readonly target: RequestedTarget<P>;
}

/** The lookups a member export start needs, called in this order and only when needed. */
export interface MemberExportLookups<P> {
  /** The evaluation instant of a new export (the request's, or now). */
  readonly instant: () => number;
  /** The requested target at its current definition (a new export). */
  readonly current: () => Promise<ResolvedTarget>;
  /** A saved segment version (a resumed segment export); errors at `path`. */
  readonly segmentVersion: (segmentId: string, version: number, path: string) => Promise<ResolvedTarget>;
  /** An inline predicate (a resumed inline-predicate export); errors at `path`. */
  readonly inline: (predicate: P, path: string) => Promise<ResolvedTarget>;
  /** A stable digest of an inline predicate, tying a cursor to it. */
  readonly digest: (predicate: P) => string;
}

/** What a member export evaluates and the position it starts after. */
export interface MemberExportStart {
  readonly target: ResolvedTarget;
  readonly start: ExportCursor;
}

/**
 * Where a member export starts. A new export evaluates the current target at the request's
 * instant from the first customer. A resumed one continues exactly where its cursor points: the
 * same segment version (or the same inline predicate), instant and partition; a request that
 * names another target or partition, or sets an evaluation time, is INVALID_ARGUMENT.
 */
export async function startMemberExport<P>(
  tokens: TokenSigner,
  request: MemberExportRequest<P>,
  lookups: MemberExportLookups<P>,
): Promise<MemberExportStart> {
  if (request.cursor === "") {
    const instantMs = lookups.instant();
    const target = await lookups.current();
    const digest = request.target.kind === "predicate" ? lookups.digest(request.target.predicate) : "";
    return {
      target,
      start: { segmentId: target.segmentId, version: target.version, predicateDigest: digest, instantMs, partition: request.partition, afterId: 0 },
    };
  }
  const cursor = openCursor(tokens, request.cursor, "cursor");
  const target = await resumeTarget(cursor, request.target, lookups);
  const requested = request.partition;
  if (requested && (requested.index !== cursor.partition?.index || requested.count !== cursor.partition?.count)) {
    throw invalidArgument("partition", "partition differs from the one the cursor was issued for");
  }
  if (request.hasEvaluationTime) throw invalidArgument("evaluation_time", "the evaluation time of a resumed export comes from its cursor");
  return { target, start: cursor };
}

/** The cursor that resumes the export of `start` after customer `lastId`. */
export function cursorAfter(tokens: TokenSigner, start: ExportCursor, lastId: number): string {
  return sealCursor(tokens, { ...start, afterId: lastId });
}

/** The target a cursor was issued for: the same segment version, or the same inline predicate. */
async function resumeTarget<P>(cursor: ExportCursor, requested: RequestedTarget<P>, lookups: MemberExportLookups<P>): Promise<ResolvedTarget> {
  if (cursor.segmentId !== undefined) {
    if (requested.kind === "predicate" || (requested.kind === "segment" && requested.segmentId !== cursor.segmentId)) {
      throw invalidArgument("cursor", "cursor was issued for another target");
    }
    return lookups.segmentVersion(cursor.segmentId, cursor.version, "cursor");
  }
  if (requested.kind !== "predicate") throw invalidArgument("target.predicate", "resuming an inline-predicate export needs the same predicate");
  if (lookups.digest(requested.predicate) !== cursor.predicateDigest) throw invalidArgument("cursor", "cursor was issued for another predicate");
  return lookups.inline(requested.predicate, "target.predicate");
}
