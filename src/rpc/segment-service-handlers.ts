/**
 * The SegmentService implementation: definition handlers plus evaluation handlers. Methods not
 * implemented yet answer UNIMPLEMENTED explicitly.
 */
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { FieldCatalog } from "../catalog/field-catalog.js";
import type { SegmentCommands } from "../segments/segment-commands.js";
import { definitionHandlers } from "./definition-handlers.js";
import { evaluationHandlers, type EvaluationHandlerDeps } from "./evaluation-handlers.js";

/** Dependencies of the SegmentService handlers. */
export interface SegmentServiceDeps extends EvaluationHandlerDeps {
  readonly commands: SegmentCommands;
  readonly catalog: () => Promise<FieldCatalog>;
}

function unimplemented(method: string): never {
  throw new ConnectError(`${method} is not implemented yet`, Code.Unimplemented);
}

/** All SegmentService methods. */
export function segmentServiceHandlers(deps: SegmentServiceDeps): ServiceImpl<typeof SegmentService> {
  return {
    ...definitionHandlers(deps.commands, deps.catalog),
    ...evaluationHandlers(deps),
    explainSegment: () => unimplemented("ExplainSegment"),
    explainPredicate: () => unimplemented("ExplainPredicate"),
    // eslint-disable-next-line require-yield
    diffMembers: async function* () {
      unimplemented("DiffMembers");
    },
  };
}
