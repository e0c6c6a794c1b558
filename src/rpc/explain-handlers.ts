/** SegmentService handlers for Explain: resolve the target, explain it with one evaluation instant. */
import type { ServiceImpl } from "@connectrpc/connect";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import type { DialectName } from "../db/dialect.js";
import { checkId } from "../segments/segment-commands.js";
import { evaluationInstant } from "./evaluation-instant.js";
import type { TargetResolver } from "../evaluation/resolve-target.js";
import { type EstimateCostOptions, explainExpr } from "../explain/estimate-cost.js";
import type { RunExplain } from "../explain/run-explain.js";
import { invalidArgument } from "../errors/user-error.js";
import { explanationToProto } from "./cost-to-proto.js";
import { inlineTarget } from "./inline-target.js";

/** What the Explain handlers need. */
export interface ExplainHandlerDeps {
  readonly resolver: TargetResolver;
  /** The field catalog inline predicates are lowered against. */
  readonly catalog: CatalogAccess;
  readonly runExplain: RunExplain;
  readonly dialect: DialectName;
  /** Most regex engine steps per value, as evaluations use it; the dialect's default when absent. */
  readonly regexMatchLimit?: number;
  readonly now: () => number;
}

/** Handlers of ExplainSegment and ExplainPredicate. */
export function explainHandlers(deps: ExplainHandlerDeps): Pick<ServiceImpl<typeof SegmentService>, "explainSegment" | "explainPredicate"> {
  return {
    async explainSegment(req) {
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      if (req.version < 0n) throw invalidArgument("version", "version must not be negative");
      const target = await deps.resolver.segment(checkId(req.id, "id"), Number(req.version), "id");
      const explanation = await explainExpr(target.expr, { ...explainOptions(deps), instantMs });
      return { explanation: explanationToProto(explanation), segmentVersion: BigInt(target.version) };
    },
    async explainPredicate(req) {
      const instantMs = evaluationInstant(req.evaluationTime, "evaluation_time", deps.now);
      const target = await inlineTarget(deps, req.predicate, "predicate");
      const explanation = await explainExpr(target.expr, { ...explainOptions(deps), instantMs });
      return { explanation: explanationToProto(explanation) };
    },
  };
}

function explainOptions(deps: ExplainHandlerDeps): Omit<EstimateCostOptions, "instantMs"> {
  return { runExplain: deps.runExplain, dialect: deps.dialect, regexMatchLimit: deps.regexMatchLimit, now: deps.now };
}
