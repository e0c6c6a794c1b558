/** Store records → API messages. */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { SegmentSchema, SegmentVersionSchema, type Segment, type SegmentVersion } from "../../gen/kontorion/segments/v1/segment_pb.js";
import { decodePredicate, predicateReferences } from "../lower/stored-predicate.js";
import type { SegmentRecord } from "../segments/segment-record.js";
import { costToProto } from "./cost-to-proto.js";

/** A record as the Segment message. */
export function segmentToProto(r: SegmentRecord): Segment {
  const predicate = decodePredicate(r.predicate);
  return create(SegmentSchema, {
    id: r.id,
    name: r.name,
    description: r.description,
    predicate,
    version: BigInt(r.version),
    createTime: timestampFromMs(r.createdAtMs),
    updateTime: timestampFromMs(r.updatedAtMs),
    cost: r.cost && costToProto(r.cost),
    referencedSegmentIds: predicateReferences(predicate),
  });
}

/** A record as the SegmentVersion message. */
export function segmentVersionToProto(r: SegmentRecord): SegmentVersion {
  return create(SegmentVersionSchema, {
    segmentId: r.id,
    version: BigInt(r.version),
    name: r.name,
    description: r.description,
    predicate: decodePredicate(r.predicate),
    createTime: timestampFromMs(r.updatedAtMs),
    cost: r.cost && costToProto(r.cost),
  });
}
