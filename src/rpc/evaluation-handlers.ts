/**
 * SegmentService handlers for evaluation: decode the request, resolve the target, evaluate with
 * the call's deadline and cancellation, encode. No SQL here.
 */
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { EvaluationTarget } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import { UserError, invalidArgument } from "../errors/user-error.js";
import { evaluationInstant } from "./evaluation-instant.js";
import { openCursor, predicateDigest, sealCursor, type ExportCursor } from "../evaluation/export-cursor.js";
import type { ResolvedTarget, TargetResolver } from "../evaluation/resolve-target.js";
import { MAX_BATCH_IDS, checkCustomerId, type CallLimits, type SegmentEvaluator, type TargetSource } from "../evaluation/segment-evaluator.js";
import { encodePredicate } from "../lower/stored-predicate.js";
import type { TokenSigner } from "../tokens/signed-token.js";
import { inlineTarget } from "./inline-target.js";

type EvaluationMethods = "isMember" | "batchIsMember" | "countMembers" | "listMembers" | "listCustomerSegments" | "diffMembers";

/** What the evaluation handlers need. */
export interface EvaluationHandlerDeps {
  readonly evaluator: SegmentEvaluator;
  readonly resolver: TargetResolver;
  /** The field catalog inline predicates are lowered against. */
  readonly catalog: CatalogAccess;
  readonly tokens: TokenSigner;
  /** Statement time limit of unary evaluations when the caller sets no deadline. */
  readonly defaultTimeoutMs: number;
  /** Statement time limit of exports when the caller sets no deadline; 0 = none. */
  readonly exportTimeoutMs: number;
  readonly now: () => number;
}

const DEFAULT_BATCH = 1000;
const MAX_BATCH = 10_000;
const MAX_PARTITIONS = 1024;

/** Handlers of the evaluation RPCs. */
export function evaluationHandlers(deps: EvaluationHandlerDeps): Pick<ServiceImpl<typeof SegmentService>, EvaluationMethods> {
  const source = (target: EvaluationTarget | undefined): TargetSource => {
    const which = target?.target ?? { case: undefined };
    switch (which.case) {
      case "segmentId": {
        const id = which.value;
        if (id === "") throw invalidArgument("target.segment_id", "segment id is required");
        return (check) => deps.resolver.current(id, "target.segment_id", check);
      }
      case "predicate": {
        const predicate = which.value;
        return () => inlineTarget(deps, predicate, "target.predicate");
      }
      case undefined:
        throw invalidArgument("target", "set target.segment_id or target.predicate");
      default: {
        const impossible: never = which;
        throw invalidArgument("target", `unknown target ${String(impossible)}`);
      }
    }
  };
  const resolve = (target: EvaluationTarget | undefined): Promise<ResolvedTarget> => source(target)("now");
  const unaryLimits = (ctx: HandlerContext): CallLimits => ({
    signal: ctx.signal,
    timeoutMs: Math.min(ctx.timeoutMs() ?? deps.defaultTimeoutMs, deps.defaultTimeoutMs),
  });
  const streamLimits = (ctx: HandlerContext): CallLimits => ({
    signal: ctx.signal,
    timeoutMs: ctx.timeoutMs() ?? deps.exportTimeoutMs,
  });

  return {
    async isMember(req, ctx) {
      const customerId = checkCustomerId(req.customerId, "customer_id");
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      const { target, members } = await deps.evaluator.membership(source(req.target), [customerId], instantMs, unaryLimits(ctx));
      const member = members.get(customerId);
      if (member === undefined) throw new UserError("not_found", "customer_id", `customer ${customerId} not found`);
      return { member, segmentVersion: BigInt(target.version), evaluationTime: timestampFromMs(instantMs) };
    },

    async batchIsMember(req, ctx) {
      if (req.customerIds.length === 0) throw invalidArgument("customer_ids", "at least one customer id is required");
      if (req.customerIds.length > MAX_BATCH_IDS) throw invalidArgument("customer_ids", `at most ${MAX_BATCH_IDS} customer ids per call`);
      const ids = [...new Set(req.customerIds.map((id, i) => checkCustomerId(id, `customer_ids[${i}]`)))];
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      const { target, members: found } = await deps.evaluator.membership(source(req.target), ids, instantMs, unaryLimits(ctx));
      return {
        results: ids.map((id) => ({ customerId: BigInt(id), member: found.get(id) ?? false, found: found.has(id) })),
        segmentVersion: BigInt(target.version),
        evaluationTime: timestampFromMs(instantMs),
      };
    },

    async countMembers(req, ctx) {
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      const target = await resolve(req.target);
      const count = await deps.evaluator.count(target, instantMs, unaryLimits(ctx));
      return { count: BigInt(count), segmentVersion: BigInt(target.version), evaluationTime: timestampFromMs(instantMs) };
    },

    async *listMembers(req, ctx) {
      if (req.limit < 0n) throw invalidArgument("limit", "limit must not be negative");
      if (req.batchSize > MAX_BATCH) throw invalidArgument("batch_size", `batch_size must be at most ${MAX_BATCH}`);
      const batchSize = req.batchSize === 0 ? DEFAULT_BATCH : req.batchSize;
      const requestedPartition = req.partition ? checkPartition(req.partition.index, req.partition.count) : undefined;
      let target: ResolvedTarget;
      let start: ExportCursor;
      if (req.cursor !== "") {
        const cursor = openCursor(deps.tokens, req.cursor, "cursor");
        target = await resumeTarget(deps, req.target, cursor);
        if (requestedPartition && (requestedPartition.index !== cursor.partition?.index || requestedPartition.count !== cursor.partition?.count)) {
          throw invalidArgument("partition", "partition differs from the one the cursor was issued for");
        }
        if (req.evaluationTime) throw invalidArgument("evaluation_time", "the evaluation time of a resumed export comes from its cursor");
        start = cursor;
      } else {
        const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
        target = await resolve(req.target);
        const digest = req.target?.target.case === "predicate" ? predicateDigest(encodePredicate(req.target.target.value)) : "";
        start = { segmentId: target.segmentId, version: target.version, predicateDigest: digest, instantMs, partition: requestedPartition, afterId: 0 };
      }
      const batches = deps.evaluator.members(
        target,
        { instantMs: start.instantMs, afterId: start.afterId, limit: Number(req.limit), batchSize, partition: start.partition },
        streamLimits(ctx),
      );
      for await (const batch of batches) {
        yield {
          customerIds: batch.ids.map((id) => BigInt(id)),
          cursor: sealCursor(deps.tokens, { ...start, afterId: batch.lastId }),
          segmentVersion: BigInt(target.version),
          evaluationTime: timestampFromMs(start.instantMs),
        };
      }
    },

    async *diffMembers(req, ctx) {
      if (req.batchSize > MAX_BATCH) throw invalidArgument("batch_size", `batch_size must be at most ${MAX_BATCH}`);
      if (req.fromVersion < 0n) throw invalidArgument("from_version", "from_version must not be negative");
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      const from = await deps.resolver.segment(req.id, Number(req.fromVersion), "id");
      let to: ResolvedTarget;
      switch (req.to.case) {
        case "toVersion":
          if (req.to.value <= 0n) throw invalidArgument("to_version", "to_version must be a saved version");
          to = await deps.resolver.segment(req.id, Number(req.to.value), "to_version");
          break;
        case "draftPredicate":
          to = await inlineTarget(deps, req.to.value, "draft_predicate");
          break;
        case undefined:
          throw invalidArgument("to", "set to_version or draft_predicate");
        default: {
          const impossible: never = req.to;
          throw invalidArgument("to", `unknown target ${String(impossible)}`);
        }
      }
      const batchSize = req.batchSize === 0 ? DEFAULT_BATCH : req.batchSize;
      for await (const batch of deps.evaluator.diff(from, to, { instantMs, batchSize }, streamLimits(ctx))) {
        yield {
          entered: batch.entered.map((id) => BigInt(id)),
          left: batch.left.map((id) => BigInt(id)),
          evaluationTime: timestampFromMs(instantMs),
        };
      }
    },

    async listCustomerSegments(req, ctx) {
      const customerId = checkCustomerId(req.customerId, "customer_id");
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      const segments = await deps.evaluator.customerSegments(customerId, [...new Set(req.segmentIds)], instantMs, unaryLimits(ctx));
      return {
        segments: segments.map((s) => ({ segmentId: s.segmentId, name: s.name, version: BigInt(s.version) })),
        evaluationTime: timestampFromMs(instantMs),
      };
    },
  };
}

function checkPartition(index: number, count: number): { index: number; count: number } {
  if (count < 1 || count > MAX_PARTITIONS) throw invalidArgument("partition.count", `partition count must be between 1 and ${MAX_PARTITIONS}`);
  if (index >= count) throw invalidArgument("partition.index", "partition index must be below the partition count");
  return { index, count };
}

/** The target a cursor was issued for: the same segment version, or the same inline predicate. */
async function resumeTarget(deps: EvaluationHandlerDeps, requested: EvaluationTarget | undefined, cursor: ExportCursor): Promise<ResolvedTarget> {
  const req = requested?.target;
  if (cursor.segmentId !== undefined) {
    if (req?.case === "predicate" || (req?.case === "segmentId" && req.value !== cursor.segmentId)) {
      throw invalidArgument("cursor", "cursor was issued for another target");
    }
    return deps.resolver.segment(cursor.segmentId, cursor.version, "cursor");
  }
  if (req?.case !== "predicate") throw invalidArgument("target.predicate", "resuming an inline-predicate export needs the same predicate");
  if (predicateDigest(encodePredicate(req.value)) !== cursor.predicateDigest) throw invalidArgument("cursor", "cursor was issued for another predicate");
  return inlineTarget(deps, req.value, "target.predicate");
}
