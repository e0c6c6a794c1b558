/**
 * SegmentService handlers for evaluation: decode the request, resolve the target, evaluate with
 * the call's deadline and cancellation, encode. No SQL here.
 */
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { EvaluationTarget } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import { UserError, invalidArgument } from "../errors/user-error.js";
import { evaluationInstant } from "./evaluation-instant.js";
import { predicateDigest } from "../evaluation/export-cursor.js";
import { checkPartition, cursorAfter, exportBatchSize, startMemberExport, type RequestedTarget } from "../evaluation/export-rules.js";
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
      const batchSize = exportBatchSize(req.batchSize);
      const partition = req.partition ? checkPartition(req.partition.index, req.partition.count) : undefined;
      const { target, start } = await startMemberExport(
        deps.tokens,
        { cursor: req.cursor, partition, hasEvaluationTime: req.evaluationTime !== undefined, target: requestedTarget(req.target) },
        {
          instant: () => evaluationInstant(req.evaluationTime, "evaluation_time", deps.now),
          current: () => resolve(req.target),
          segmentVersion: (id, version, path) => deps.resolver.segment(id, version, path),
          inline: (predicate, path) => inlineTarget(deps, predicate, path),
          digest: (predicate) => predicateDigest(encodePredicate(predicate)),
        },
      );
      const batches = deps.evaluator.members(
        target,
        { instantMs: start.instantMs, afterId: start.afterId, limit: Number(req.limit), batchSize, partition: start.partition },
        streamLimits(ctx),
      );
      for await (const batch of batches) {
        yield {
          customerIds: batch.ids.map((id) => BigInt(id)),
          cursor: cursorAfter(deps.tokens, start, batch.lastId),
          segmentVersion: BigInt(target.version),
          evaluationTime: timestampFromMs(start.instantMs),
        };
      }
    },

    async *diffMembers(req, ctx) {
      const batchSize = exportBatchSize(req.batchSize);
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

/** The target of a request as the export rules compare it with a cursor. */
function requestedTarget(requested: EvaluationTarget | undefined): RequestedTarget<Predicate> {
  const target = requested?.target;
  switch (target?.case) {
    case "segmentId":
      return { kind: "segment", segmentId: target.value };
    case "predicate":
      return { kind: "predicate", predicate: target.value };
    case undefined:
      return { kind: "none" };
    default: {
      const impossible: never = target;
      throw new Error(`unknown target ${String(impossible)}`);
    }
  }
}
