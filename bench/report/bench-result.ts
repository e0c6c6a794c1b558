/** Everything one run measured: the JSON written to bench/results/ and rendered as markdown. */
import type { CompileTimeResult } from "../measure/compile-time-bench.js";
import type { SegmentMembers } from "../measure/equivalence.js";
import type { ExportRssResult } from "../measure/export-rss-bench.js";
import type { IsMemberResult } from "../measure/is-member-bench.js";
import type { ListMembersResult } from "../measure/list-members-bench.js";
import type { QueryTimeResult } from "../measure/query-time-bench.js";
import type { ScaleName } from "../scale.js";
import type { MachineInfo } from "./machine-info.js";
import type { TargetCheck } from "./targets.js";

/** The dataset a run measured on. */
export interface DatasetInfo {
  readonly seed: number;
  readonly customers: number;
  readonly rows: Readonly<Record<string, number>>;
  /** Whether this run loaded it; timings of the load when it did. */
  readonly loadedThisRun: boolean;
  readonly loadSeconds?: number;
  readonly generatedFingerprint: string;
}

/** One run. */
export interface BenchResult {
  readonly scale: ScaleName;
  readonly machine: MachineInfo;
  readonly dataset: DatasetInfo;
  /** The evaluation instant of every request and hand-written query. */
  readonly evaluationTime: string;
  readonly connections: { readonly service: number; readonly raw: number };
  readonly segments: readonly SegmentMembers[];
  readonly isMember: IsMemberResult;
  readonly listMembers: ListMembersResult;
  readonly queryTimes: QueryTimeResult;
  readonly compileTimes: CompileTimeResult;
  readonly exportRss: ExportRssResult;
  /** Service RSS right after it started, and after every measure, bytes. */
  readonly serviceRss: { readonly atStartBytes: number; readonly atEndBytes: number };
  readonly targets: readonly TargetCheck[];
  readonly totalSeconds: number;
}
