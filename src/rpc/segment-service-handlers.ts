/** The SegmentService implementation: definition, evaluation and explain handlers. */
import type { ServiceImpl } from "@connectrpc/connect";
import type { AuditLog } from "../auth/audit-log.js";
import { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import type { SegmentCommands } from "../segments/segment-commands.js";
import { definitionHandlers } from "./definition-handlers.js";
import { evaluationHandlers, type EvaluationHandlerDeps } from "./evaluation-handlers.js";
import { explainHandlers, type ExplainHandlerDeps } from "./explain-handlers.js";
import { withRequestFieldChecks } from "./request-field-checks.js";

/** Dependencies of the SegmentService handlers. */
export interface SegmentServiceDeps extends EvaluationHandlerDeps, ExplainHandlerDeps {
  readonly commands: SegmentCommands;
  readonly catalog: CatalogAccess;
  /** Where successful writes are recorded. */
  readonly audit: AuditLog;
}

/** All SegmentService methods; every request's integers and strings are bounded first. */
export function segmentServiceHandlers(deps: SegmentServiceDeps): ServiceImpl<typeof SegmentService> {
  return withRequestFieldChecks(SegmentService, {
    ...definitionHandlers(deps.commands, deps.catalog, deps.audit),
    ...evaluationHandlers(deps),
    ...explainHandlers(deps),
  });
}
