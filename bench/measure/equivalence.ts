/**
 * Before anything is timed: every segment's members as the service streams them (ListMembers
 * over gRPC) must equal its hand-written member query, and a sample of IsMember answers must
 * equal the hand-written point queries, all at the run's fixed evaluation instant.
 */
import type { BenchContext, BenchSegment } from "../bench-context.js";
import { serverStream, timestampObject, unary } from "../service/grpc-client.js";
import { membershipRequests } from "./request-sequence.js";

/** Members of one segment, as both sides agree. */
export interface SegmentMembers {
  readonly name: string;
  readonly members: number;
}

/** IsMember requests compared per run. */
const POINT_SAMPLE = 400;

interface ListMembersResponse {
  customer_ids: number[];
}

interface IsMemberResponse {
  member: boolean;
}

/** Every member id of a segment through ListMembers, ascending. */
export async function serviceMembers(ctx: BenchContext, segmentId: string, batchSize = 10_000): Promise<number[]> {
  const call = serverStream<ListMembersResponse>(ctx.client, "ListMembers", {
    target: { segment_id: segmentId },
    batch_size: batchSize,
    evaluation_time: timestampObject(ctx.instantMs),
  });
  const ids: number[] = [];
  for await (const message of call) for (const id of (message as ListMembersResponse).customer_ids) ids.push(id);
  return ids;
}

/** Every member id of the hand-written member query, in its order. */
export async function handMembers(ctx: BenchContext, segment: BenchSegment): Promise<number[]> {
  const [rows] = (await ctx.pool.query({ sql: segment.hand.members.sql, values: segment.hand.members.values, rowsAsArray: true })) as unknown as [unknown[][]];
  return rows.map((r) => Number(r[0]));
}

/** Whether the hand-written point query says `customerId` is a member. */
export async function handIsMember(ctx: BenchContext, segment: BenchSegment, customerId: number): Promise<boolean> {
  const plan = segment.hand.point(customerId);
  const [rows] = (await ctx.pool.query(plan.sql, plan.values)) as unknown as [Array<{ member: number | string | null }>];
  return Number(rows[0]?.member) === 1;
}

/** Throws at the first difference between two ascending id lists. */
export function assertSameIds(what: string, expected: readonly number[], actual: readonly number[]): void {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) {
      throw new Error(
        `${what}: member lists differ at position ${i} (hand-written ${expected[i] ?? "end"}, service ${actual[i] ?? "end"}; ${expected.length} vs ${actual.length} members)`,
      );
    }
  }
}

/** Checks every segment and the IsMember sample; returns the member counts. */
export async function checkEquivalence(ctx: BenchContext): Promise<SegmentMembers[]> {
  const out: SegmentMembers[] = [];
  for (const segment of ctx.segments) {
    const [hand, service] = [await handMembers(ctx, segment), await serviceMembers(ctx, segment.id)];
    assertSameIds(`segment ${segment.name}`, hand, service);
    out.push({ name: segment.name, members: hand.length });
  }
  const next = membershipRequests(ctx.seed, ctx.customers, ctx.segments.length);
  for (let seq = 0; seq < POINT_SAMPLE; seq++) {
    const request = next(seq);
    const segment = ctx.segments[request.segment] as BenchSegment;
    const [expected, actual] = await Promise.all([
      handIsMember(ctx, segment, request.customerId),
      unary<IsMemberResponse>(ctx.client, "IsMember", {
        target: { segment_id: segment.id },
        customer_id: String(request.customerId),
        evaluation_time: timestampObject(ctx.instantMs),
      }).then((r) => r.member),
    ]);
    if (expected !== actual) throw new Error(`IsMember(${segment.name}, customer ${request.customerId}): hand-written says ${expected}, service says ${actual}`);
  }
  return out;
}
