/**
 * The audit trail of writes: one log line per successful write RPC, naming the caller, the RPC,
 * the segment and the version written. Lines carry `audit: true` (and msg "audit"), so a log
 * pipeline can route them apart from the per-RPC lines.
 */
import type { ContextValues } from "@connectrpc/connect";
import type { Logger } from "pino";
import { callerKey } from "../server/call-context.js";

/** One audited write. */
export interface AuditedWrite {
  /** e.g. "CreateSegment". */
  readonly rpc: string;
  readonly segmentId: string;
  /** The version created (Create/Update) or deleted (Delete). */
  readonly version: number;
}

/** The fields of an audit line. */
export interface AuditLine {
  readonly audit: true;
  readonly caller: string;
  readonly caller_id: string;
  readonly rpc: string;
  readonly segment_id: string;
  readonly version: number;
}

/** Writes audit lines to a logger. */
export class AuditLog {
  constructor(private readonly logger: Logger) {}

  /** Records `write`, done by the caller of the call whose context values are `values`. */
  write(values: ContextValues, write: AuditedWrite): void {
    const caller = values.get(callerKey);
    const line: AuditLine = {
      audit: true,
      caller: caller?.name ?? "unknown",
      caller_id: caller?.id ?? "-",
      rpc: write.rpc,
      segment_id: write.segmentId,
      version: write.version,
    };
    this.logger.info(line, "audit");
  }
}
