/**
 * SegmentService handlers for definitions (CRUD, versions, field catalog): decode, call the
 * use case, encode. Errors propagate; the error interceptor maps them to codes.
 */
import type { ServiceImpl } from "@connectrpc/connect";
import type { AuditLog } from "../auth/audit-log.js";
import { SegmentOrder, type SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import { listFieldInfos } from "./field-info-to-proto.js";
import { invalidArgument } from "../errors/user-error.js";
import { encodePredicate } from "../lower/stored-predicate.js";
import type { SegmentCommands } from "../segments/segment-commands.js";
import type { SegmentListOrder } from "../segments/segment-repository.js";
import { segmentToProto, segmentVersionToProto } from "./segment-to-proto.js";

type DefinitionMethods =
  | "createSegment"
  | "getSegment"
  | "updateSegment"
  | "deleteSegment"
  | "listSegments"
  | "listSegmentVersions"
  | "listFields";

/** Handlers of the definition RPCs; every successful write gets its line in `audit`. */
export function definitionHandlers(
  commands: SegmentCommands,
  catalog: CatalogAccess,
  audit: AuditLog,
): Pick<ServiceImpl<typeof SegmentService>, DefinitionMethods> {
  return {
    async createSegment(req, ctx) {
      const record = await commands.create({ name: req.name, description: req.description, predicate: req.predicate && encodePredicate(req.predicate) });
      audit.write(ctx.values, { rpc: "CreateSegment", segmentId: record.id, version: record.version });
      return { segment: segmentToProto(record) };
    },
    async getSegment(req) {
      return { segment: segmentToProto(await commands.get(req.id, req.version)) };
    },
    async updateSegment(req, ctx) {
      const record = await commands.update({
        id: req.id,
        expectedVersion: req.expectedVersion,
        name: req.name,
        description: req.description,
        predicate: req.predicate && encodePredicate(req.predicate),
      });
      audit.write(ctx.values, { rpc: "UpdateSegment", segmentId: record.id, version: record.version });
      return { segment: segmentToProto(record) };
    },
    async deleteSegment(req, ctx) {
      const version = await commands.delete(req.id, req.expectedVersion);
      audit.write(ctx.values, { rpc: "DeleteSegment", segmentId: req.id, version });
      return {};
    },
    async listSegments(req) {
      const page = await commands.list({ pageSize: req.pageSize, pageToken: req.pageToken, order: listOrder(req.orderBy) });
      return { segments: page.segments.map(segmentToProto), nextPageToken: page.nextPageToken };
    },
    async listSegmentVersions(req) {
      const page = await commands.listVersions({ id: req.id, pageSize: req.pageSize, pageToken: req.pageToken });
      return { versions: page.versions.map(segmentVersionToProto), nextPageToken: page.nextPageToken };
    },
    async listFields(req) {
      // Listing is rare and callers expect a definition added a moment ago: read it fresh.
      return { fields: listFieldInfos(await catalog.fresh(), req.scope) };
    },
  };
}

function listOrder(order: SegmentOrder): SegmentListOrder {
  switch (order) {
    case SegmentOrder.UNSPECIFIED:
    case SegmentOrder.NAME:
      return "name";
    case SegmentOrder.COST_DESC:
      return "cost_desc";
    case SegmentOrder.UPDATE_TIME_DESC:
      return "update_time_desc";
    default:
      throw invalidArgument("order_by", `unknown order ${String(order)}`);
  }
}
