/** A saved segment version as the store holds it. */
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { EvaluationCost } from "../../gen/kontorion/segments/v1/segment_pb.js";

/** One version of a segment, with the segment's creation time. */
export interface SegmentRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: number;
  readonly predicate: Predicate;
  readonly createdAtMs: number;
  /** When this version was saved. */
  readonly updatedAtMs: number;
  readonly cost: EvaluationCost | undefined;
  /** Segments this version references directly. */
  readonly references: readonly string[];
}
