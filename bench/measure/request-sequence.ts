/** The seeded sequence of (segment, customer) membership requests both sides replay. */
import { createPrng, mixSeed } from "../../src/datagen/prng.js";

/** One membership request: which of the run's segments, which customer. */
export interface MembershipRequest {
  readonly segment: number;
  readonly customerId: number;
}

/** Length of the sequence; requests beyond it wrap around. */
const SEQUENCE_LENGTH = 1 << 16;

/**
 * A deterministic sequence over `segmentCount` segments (round robin) and customers drawn
 * uniformly from 1..customers. Index it with any non-negative integer.
 */
export function membershipRequests(seed: number, customers: number, segmentCount: number): (seq: number) => MembershipRequest {
  const prng = createPrng(mixSeed(seed, 0x15_3e_3b));
  const requests: MembershipRequest[] = Array.from({ length: SEQUENCE_LENGTH }, (_, i) => ({
    segment: i % segmentCount,
    customerId: prng.int(1, customers),
  }));
  return (seq) => requests[seq % SEQUENCE_LENGTH] as MembershipRequest;
}
