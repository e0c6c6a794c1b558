/** A saved segment version as the store holds it. */
import type { CostEstimate } from "../explain/cost-estimate.js";
import type { EncodedPredicate } from "../lower/stored-predicate.js";

/** One version of a segment, with the segment's creation time. */
export interface SegmentRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: number;
  /** The predicate as the client wrote it, in its stored encoding (read by src/lower). */
  readonly predicate: EncodedPredicate;
  readonly createdAtMs: number;
  /** When this version was saved. */
  readonly updatedAtMs: number;
  readonly cost: CostEstimate | undefined;
}
