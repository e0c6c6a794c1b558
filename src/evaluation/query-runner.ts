/**
 * Runs compiled SQL with the guard rails every evaluation query needs: a server-side statement
 * time limit no longer than the caller's deadline, KILL QUERY when the caller goes away, warnings
 * that would silently change results turned into errors, and streaming with backpressure so an
 * export never buffers the segment.
 */
import type { Knex } from "knex";
import type { Readable } from "node:stream";
import type { SqlPlan } from "../compile/sql-plan.js";
import { withStatementTimeLimit, type DialectName } from "../db/dialect.js";
import { UserError } from "../errors/user-error.js";

/** Limits of one query. */
export interface QueryLimits {
  /** Aborted when the caller cancels or its deadline passes. */
  readonly signal: AbortSignal;
  /** Server-side statement time limit in ms; 0 for none. */
  readonly timeoutMs: number;
  /** Read SHOW WARNINGS after the query (needed where warnings can change results, e.g. regex). */
  readonly checkWarnings: boolean;
}

/** The callback-style mysql2 connection knex hands out. */
interface RawConnection {
  readonly threadId: number;
  query(options: { sql: string; values: readonly unknown[] }, cb: (err: Error | null, rows: unknown) => void): unknown;
  query(options: { sql: string; values: readonly unknown[] }): { stream(options: { highWaterMark: number }): Readable };
  destroy(): void;
}

const TIMEOUT_ERRNOS = new Set([1969 /* MariaDB max_statement_time */, 3024 /* MySQL MAX_EXECUTION_TIME */]);
const INTERRUPTED_ERRNO = 1317;
/** Warnings that mean a result may be wrong (MariaDB turns a regex engine failure into "no match"). */
const REGEX_WARNING_CODES = new Set([1139]);

/** Executes SQL plans on a knex pool with limits. */
export class QueryRunner {
  constructor(
    private readonly knex: Knex,
    readonly dialect: DialectName,
  ) {}

  /** All rows of a query. */
  async all<T>(plan: SqlPlan, limits: QueryLimits): Promise<T[]> {
    const conn = await this.acquire();
    const guard = this.guard(conn, limits.signal);
    let interrupted = false;
    try {
      const rows = await new Promise<T[]>((resolve, reject) => {
        conn.query({ sql: this.limited(plan.sql, limits.timeoutMs), values: plan.bindings }, (err, result) => {
          if (err) reject(err);
          else resolve(result as T[]);
        });
      });
      if (limits.checkWarnings) await assertNoWarnings(conn);
      return rows;
    } catch (err) {
      interrupted = errno(err) === INTERRUPTED_ERRNO;
      throw mapQueryError(err, limits.signal);
    } finally {
      await guard.finish();
      this.release(conn, guard.connectionSpoiled(interrupted));
    }
  }

  /**
   * Streams the rows of a query in batches of up to `batchSize`. The database socket is paused
   * while a full batch waits for the consumer, so memory stays bounded by about two batches.
   * Rows are collected from stream events rather than one async step per row, which keeps the
   * per-row cost of large exports low. Breaking out of the loop or aborting `limits.signal`
   * kills the statement on the server.
   */
  async *streamBatches<T>(plan: SqlPlan, limits: QueryLimits, batchSize: number): AsyncGenerator<T[]> {
    const conn = await this.acquire();
    const guard = this.guard(conn, limits.signal);
    const rows = conn.query({ sql: this.limited(plan.sql, limits.timeoutMs), values: plan.bindings }).stream({ highWaterMark: batchSize });
    let released = false;
    // Stops the statement and drops the connection (its socket may still hold unread rows). Runs
    // on abort even while this generator sits suspended at a yield whose consumer is blocked on a
    // stalled network write and will never resume it.
    const abandon = async (): Promise<void> => {
      if (released) return;
      released = true;
      rows.destroy();
      await guard.kill();
      await guard.finish();
      this.release(conn, true);
    };
    const onAbort = (): void => void abandon();
    limits.signal.addEventListener("abort", onAbort, { once: true });

    const ready: T[][] = [];
    let current: T[] = [];
    let ended = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    rows.on("data", (row: T) => {
      current.push(row);
      if (current.length >= batchSize) {
        ready.push(current);
        current = [];
        rows.pause();
        notify();
      }
    });
    rows.on("end", () => {
      ended = true;
      if (current.length > 0) ready.push(current);
      current = [];
      notify();
    });
    rows.on("error", (err: unknown) => {
      failure ??= err;
      notify();
    });
    rows.on("close", () => {
      if (!ended) failure ??= new Error("result stream closed before its end");
      notify();
    });

    let finished = false;
    try {
      for (;;) {
        const batch = ready.shift();
        if (batch) {
          yield batch;
          if (!ended && ready.length === 0) rows.resume();
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      finished = true;
      if (limits.checkWarnings) await assertNoWarnings(conn);
    } catch (err) {
      throw mapQueryError(err, limits.signal);
    } finally {
      limits.signal.removeEventListener("abort", onAbort);
      if (!finished) {
        await abandon();
      } else if (!released) {
        released = true;
        await guard.finish();
        this.release(conn, guard.connectionSpoiled(false));
      }
    }
  }

  private limited(sql: string, timeoutMs: number): string {
    return timeoutMs > 0 ? withStatementTimeLimit(sql, Math.max(1, Math.ceil(timeoutMs)), this.dialect) : sql;
  }

  private async acquire(): Promise<RawConnection> {
    return (await this.knex.client.acquireConnection()) as RawConnection;
  }

  private release(conn: RawConnection, spoiled: boolean): void {
    if (spoiled) conn.destroy();
    void this.knex.client.releaseConnection(conn);
  }

  /** Kills the running statement of `conn` when `signal` aborts. */
  private guard(conn: RawConnection, signal: AbortSignal) {
    let killing: Promise<void> | undefined;
    const kill = (): Promise<void> => {
      killing ??= this.knex
        .raw("KILL QUERY ?", [conn.threadId])
        .then(() => undefined)
        .catch(() => undefined);
      return killing;
    };
    const onAbort = (): void => void kill();
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    return {
      kill,
      /** Waits for a kill in flight, and stops listening. */
      async finish(): Promise<void> {
        signal.removeEventListener("abort", onAbort);
        if (killing) await killing;
      },
      /**
       * A kill that did not interrupt the statement (it had already finished) could hit the next
       * statement on this connection, so such a connection is not reused.
       */
      connectionSpoiled(interrupted: boolean): boolean {
        return killing !== undefined && !interrupted;
      },
    };
  }
}

async function assertNoWarnings(conn: RawConnection): Promise<void> {
  const warnings = await new Promise<{ Level: string; Code: number; Message: string }[]>((resolve, reject) => {
    conn.query({ sql: "SHOW WARNINGS", values: [] }, (err, rows) => (err ? reject(err) : resolve(rows as never)));
  });
  const serious = warnings.filter((w) => w.Level !== "Note");
  const regex = serious.find((w) => REGEX_WARNING_CODES.has(Number(w.Code)));
  if (regex) {
    throw new UserError(
      "failed_precondition",
      "",
      "a regular expression could not be evaluated by the database (its backtracking limit was reached), so the result would be wrong; simplify the pattern",
    );
  }
  if (serious.length > 0) {
    const first = serious[0]!;
    throw new Error(`query produced warning ${first.Code}: ${first.Message}`);
  }
}

function errno(err: unknown): number | undefined {
  return typeof err === "object" && err !== null ? (err as { errno?: number }).errno : undefined;
}

function mapQueryError(err: unknown, signal: AbortSignal): unknown {
  const n = errno(err);
  if (n !== undefined && TIMEOUT_ERRNOS.has(n)) {
    return new UserError("deadline_exceeded", "", "evaluation exceeded its time limit");
  }
  if (signal.aborted) {
    return new UserError("deadline_exceeded", "", "evaluation was cancelled or its deadline passed");
  }
  return err;
}
