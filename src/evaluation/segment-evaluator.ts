/**
 * Membership evaluation: point checks, batches, counts, streaming exports and reverse lookups.
 * Each call compiles the resolved predicate with one evaluation instant and runs the SQL under
 * the caller's limits. No SQL text is built here: it all comes from src/compile.
 */
import {
  compileCountQuery,
  compileCustomerExistsQuery,
  compileDiffQuery,
  compileMembersQuery,
  compileSlottedMembershipPlan,
  compileMembershipQuery,
  compileMultiMembershipQuery,
} from "../compile/compile-members-query.js";
import { fillSlots, type SlottedPlan } from "../compile/slotted-plan.js";
import type { DialectName } from "../db/dialect.js";
import type { VersionStampRow } from "../db/segment-store-tables.js";
import { UserError, invalidArgument } from "../errors/user-error.js";
import type { SegmentRepository } from "../segments/segment-repository.js";
import { exprUsesRegex } from "./expr-uses-regex.js";
import type { QueryLimits, QueryRunner } from "./query-runner.js";
import { sameStamp, type ResolvedTarget, type StampCheck, type TargetResolver } from "./resolve-target.js";

/** Resolves the target of a request; for saved segments `check` says how a cached one is verified. */
export type TargetSource = (check: StampCheck) => Promise<ResolvedTarget>;

/** Most ids in one BatchIsMember. */
export const MAX_BATCH_IDS = 1000;
/** Segments evaluated per statement by ListCustomerSegments. */
const SEGMENTS_PER_STATEMENT = 50;

/** Limits as the handler derives them from the call; `checkWarnings` is decided here. */
export type CallLimits = Omit<QueryLimits, "checkWarnings">;

/** One batch of a member export. */
export interface MemberBatch {
  readonly ids: readonly number[];
  /** Last id of the batch (or the starting position for an empty final batch). */
  readonly lastId: number;
}

/** A segment a customer is in. */
export interface CustomerSegment {
  readonly segmentId: string;
  readonly name: string;
  readonly version: number;
}

/** Evaluates resolved targets. */
export class SegmentEvaluator {
  /** Slotted membership plans by target object and id count. */
  private readonly slottedPlans = new WeakMap<ResolvedTarget, Map<number, SlottedPlan>>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly dialect: DialectName,
    private readonly resolver: TargetResolver,
    private readonly repository: SegmentRepository,
    /** Most regex engine steps per value (src/db/dialect.ts); the dialect's default when absent. */
    private readonly regexMatchLimit?: number,
  ) {}

  /**
   * Membership of many customers in one statement; absent customers are missing from the map.
   * A target from `source` may come from the cache unchecked: its version stamp is read in the
   * same statement, and on a mismatch the target is resolved afresh and the statement rerun.
   */
  async membership(
    source: TargetSource,
    customerIds: readonly number[],
    instantMs: number,
    limits: CallLimits,
  ): Promise<{ target: ResolvedTarget; members: Map<number, boolean> }> {
    let target = await source("in_statement");
    for (let attempt = 0; ; attempt++) {
      const stamp = attempt === 0 ? target.stamp : undefined;
      const plan = stamp
        ? fillSlots(this.membershipPlan(target, customerIds.length), instantMs, customerIds)
        : compileMembershipQuery(target.expr, customerIds, { instantMs, dialect: this.dialect, regexMatchLimit: this.regexMatchLimit });
      const rows = await this.runner.all<{ id: number; member: number | string } & Partial<VersionStampRow>>(plan, this.limits(target, limits));
      const first = rows[0];
      if (stamp && first && !sameStamp(stamp, { count: Number(first.stamp_n), versionSum: Number(first.stamp_v) })) {
        target = await source("now");
        continue;
      }
      return { target, members: new Map(rows.map((r) => [Number(r.id), Number(r.member) === 1])) };
    }
  }

  /**
   * The stamped slotted membership plan of a cached target for `count` ids, compiled once per target
   * object (a new segment version or catalog gives a new target object).
   */
  private membershipPlan(target: ResolvedTarget, count: number): SlottedPlan {
    let byCount = this.slottedPlans.get(target);
    if (!byCount) {
      byCount = new Map();
      this.slottedPlans.set(target, byCount);
    }
    let slotted = byCount.get(count);
    if (!slotted) {
      slotted = compileSlottedMembershipPlan(target.expr, count, { dialect: this.dialect, regexMatchLimit: this.regexMatchLimit, versionStampOf: target.stamp?.ids });
      if (byCount.size >= 64) byCount.clear();
      byCount.set(count, slotted);
    }
    return slotted;
  }

  /** Number of members. */
  async count(target: ResolvedTarget, instantMs: number, limits: CallLimits): Promise<number> {
    const plan = compileCountQuery(target.expr, { instantMs, dialect: this.dialect, regexMatchLimit: this.regexMatchLimit });
    const rows = await this.runner.all<{ n: number | string }>(plan, this.limits(target, limits));
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Streams members in ascending id order after `afterId`, in batches of `batchSize`, stopping
   * after `limit` ids (0 = no limit). One statement, read with backpressure.
   */
  async *members(
    target: ResolvedTarget,
    options: {
      instantMs: number;
      afterId: number;
      limit: number;
      batchSize: number;
      partition: { index: number; count: number } | undefined;
    },
    limits: CallLimits,
  ): AsyncGenerator<MemberBatch> {
    const plan = compileMembersQuery(target.expr, {
      instantMs: options.instantMs,
      dialect: this.dialect, regexMatchLimit: this.regexMatchLimit,
      afterId: options.afterId,
      ...(options.limit > 0 ? { limit: options.limit } : {}),
      ...(options.partition ? { partition: options.partition } : {}),
    });
    let lastId = options.afterId;
    let sentAny = false;
    for await (const rows of this.runner.streamBatches<{ id: number }>(plan, this.limits(target, limits), options.batchSize)) {
      const ids = rows.map((r) => Number(r.id));
      lastId = ids[ids.length - 1] ?? lastId;
      yield { ids, lastId };
      sentAny = true;
    }
    if (!sentAny) yield { ids: [], lastId };
  }

  /**
   * The live segments (all, or those in `onlyIds`) that a customer is in, fewest statements
   * possible: one per SEGMENTS_PER_STATEMENT segments. NOT_FOUND when the customer does not exist.
   */
  async customerSegments(customerId: number, onlyIds: readonly string[], instantMs: number, limits: CallLimits): Promise<CustomerSegment[]> {
    const records = onlyIds.length > 0 ? await this.repository.currentVersions(onlyIds) : await this.repository.allCurrent();
    onlyIds.forEach((id, i) => {
      if (!records.has(id)) throw new UserError("not_found", `segment_ids[${i}]`, `segment ${id} not found`);
    });
    // Without requested ids, a segment deleted between the listing and its resolution is simply
    // not listed: the caller asked for none in particular.
    const resolved = await Promise.all(
      [...records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(async (r) => {
        try {
          return { record: r, target: await this.resolver.current(r.id, "segment_ids", "now") };
        } catch (err) {
          if (onlyIds.length === 0 && err instanceof UserError && err.code === "not_found") return undefined;
          throw err;
        }
      }),
    );
    const targets = resolved.filter((t) => t !== undefined);
    const found: CustomerSegment[] = [];
    if (targets.length === 0) {
      await this.assertCustomerExists(customerId, limits);
      return found;
    }
    for (let start = 0; start < targets.length; start += SEGMENTS_PER_STATEMENT) {
      const chunk = targets.slice(start, start + SEGMENTS_PER_STATEMENT);
      const plan = compileMultiMembershipQuery(
        chunk.map((c) => c.target.expr),
        customerId,
        { instantMs, dialect: this.dialect, regexMatchLimit: this.regexMatchLimit },
      );
      const rows = await this.runner.all<Record<string, number | string>>(plan, {
        ...limits,
        checkWarnings: chunk.some((c) => exprUsesRegex(c.target.expr)),
      });
      const row = rows[0];
      if (!row) throw new UserError("not_found", "customer_id", `customer ${customerId} not found`);
      chunk.forEach((c, i) => {
        if (Number(row[`m${i}`]) === 1) found.push({ segmentId: c.record.id, name: c.record.name, version: c.record.version });
      });
    }
    return found;
  }

  /**
   * Streams the customers whose membership differs between `from` and `to` (one scan), in
   * ascending id order, batched: `entered` are in `to` only, `left` in `from` only.
   */
  async *diff(
    from: ResolvedTarget,
    to: ResolvedTarget,
    options: { instantMs: number; batchSize: number },
    limits: CallLimits,
  ): AsyncGenerator<{ entered: number[]; left: number[] }> {
    const plan = compileDiffQuery(from.expr, to.expr, { instantMs: options.instantMs, dialect: this.dialect, regexMatchLimit: this.regexMatchLimit });
    const checkWarnings = exprUsesRegex(from.expr) || exprUsesRegex(to.expr);
    for await (const rows of this.runner.streamBatches<{ id: number; in_to: number | string }>(plan, { ...limits, checkWarnings }, options.batchSize)) {
      const entered: number[] = [];
      const left: number[] = [];
      for (const row of rows) (Number(row.in_to) === 1 ? entered : left).push(Number(row.id));
      yield { entered, left };
    }
  }

  private async assertCustomerExists(customerId: number, limits: CallLimits): Promise<void> {
    const rows = await this.runner.all<{ id: number }>(compileCustomerExistsQuery(customerId), { ...limits, checkWarnings: false });
    if (rows.length === 0) throw new UserError("not_found", "customer_id", `customer ${customerId} not found`);
  }

  private limits(target: ResolvedTarget, limits: CallLimits): QueryLimits {
    return { ...limits, checkWarnings: exprUsesRegex(target.expr) };
  }
}

/** Validates a customer id argument. */
export function checkCustomerId(id: bigint, path: string): number {
  if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidArgument(path, "customer id must be a positive integer");
  return Number(id);
}
