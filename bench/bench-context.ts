/** What every measure of a run shares: the scale, the service, the baseline pool and the workload. */
import type { Pool } from "mysql2/promise";
import type { DatabaseLocation } from "../src/db/connect.js";
import type { Scale } from "./scale.js";
import type { SegmentServiceClient } from "./service/grpc-client.js";
import type { ServiceProcess } from "./service/spawn-service.js";
import type { CompiledSegment } from "./workload/compiled.js";
import type { HandWritten } from "./workload/hand-written.js";

/** One workload segment as created in the service, with its hand-written twin. */
export interface BenchSegment {
  readonly name: string;
  readonly id: string;
  readonly hand: HandWritten;
  readonly compiled: CompiledSegment;
}

/** The shared state of a run. */
export interface BenchContext {
  readonly scale: Scale;
  readonly seed: number;
  /** The fixed evaluation instant of every request and hand-written query, epoch ms. */
  readonly instantMs: number;
  readonly location: DatabaseLocation;
  /** Customer ids are 1..customers. */
  readonly customers: number;
  readonly service: ServiceProcess;
  readonly client: SegmentServiceClient;
  /** The raw baseline's pool (its own database account). */
  readonly pool: Pool;
  /** A root pool for statistics and setup, counted as neither side. */
  readonly admin: Pool;
  readonly segments: readonly BenchSegment[];
  log(line: string): void;
}

/** The segment called `name`. */
export function benchSegment(ctx: BenchContext, name: string): BenchSegment {
  const found = ctx.segments.find((s) => s.name === name);
  if (!found) throw new Error(`no segment ${name} in this run`);
  return found;
}
