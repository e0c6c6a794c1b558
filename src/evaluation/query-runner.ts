/**
 * Runs compiled SQL with the guard rails every evaluation query needs: a server-side statement
 * time limit no longer than the caller's deadline, warnings that would silently change results
 * turned into errors, streaming with backpressure so an export never buffers the segment, and
 * statements that stop when their call does.
 *
 * A call ends at once when its caller goes away, its deadline passes, the server shuts down, or
 * the runner's own copy of the time limit passes (which also holds when the database is frozen
 * and its own limit cannot fire). The statement is then stopped in the background: `KILL QUERY`,
 * and if the statement has not ended within `killGraceMs`, `KILL CONNECTION` and the local socket
 * dropped, so the pool replaces the connection. No statement keeps a pool connection past its
 * deadline by more than that bound.
 */
import type { Knex } from "knex";
import type { Readable } from "node:stream";
import type { SqlPlan } from "../compile/sql-plan.js";
import { QUERY_INTERRUPTED_ERRNO, isRegexFailureWarning, isStatementTimeout, withStatementTimeLimit, type DialectName } from "../db/dialect.js";
import type { StatementKiller } from "../db/statement-killer.js";
import { UserError } from "../errors/user-error.js";
import { rowBatches, type ConnectionEvents } from "./row-batches.js";

/** Limits of one query. */
export interface QueryLimits {
  /** Aborted when the caller cancels, its deadline passes or the server shuts down. */
  readonly signal: AbortSignal;
  /** Statement time limit in ms (enforced by the server and by the runner); 0 for none. */
  readonly timeoutMs: number;
  /** Read SHOW WARNINGS after the query (needed where warnings can change results, e.g. regex). */
  readonly checkWarnings: boolean;
}

/** Settings of a QueryRunner. */
export interface QueryRunnerOptions {
  /** Stops statements (KILL QUERY / KILL CONNECTION) over its own control connection. */
  readonly killer: StatementKiller;
  /** How long a killed statement may take to end before its connection is killed; default 2000 ms. */
  readonly killGraceMs?: number;
  /**
   * The runner ends a call this long after its statement time limit when the server has not
   * (a frozen or unreachable server cannot); default 250 ms, so the server's limit normally wins.
   */
  readonly limitMarginMs?: number;
}

/** The callback-style mysql2 connection knex hands out. */
interface RawConnection extends ConnectionEvents {
  readonly threadId: number;
  /** Set (non-null) by mysql2 once the connection is unusable. */
  readonly _fatalError?: unknown;
  query(options: { sql: string; values: readonly unknown[] }, cb: (err: Error | null, rows: unknown) => void): unknown;
  query(options: { sql: string; values: readonly unknown[] }): StreamingQuery;
  destroy(): void;
}

/** A mysql2 query without callback: an event emitter whose rows can be streamed. */
interface StreamingQuery {
  stream(options: { highWaterMark: number }): Readable;
  on(event: "error", listener: (err: Error) => void): unknown;
  once(event: "end", listener: () => void): unknown;
}

/** How a statement ended on its connection: the error number it ended with, or the connection lost. */
type StatementEnd = { readonly errno: number | undefined } | "lost";

/** Rejection of a driver operation cut short because its call stopped. */
class CallStopped extends Error {
  override readonly name = "CallStopped";
}

/** Executes SQL plans on a knex pool with limits. */
export class QueryRunner {
  private readonly killer: StatementKiller;
  private readonly killGraceMs: number;
  private readonly limitMarginMs: number;
  /** Statements being stopped, with the function that skips the rest of their grace. */
  private readonly stopping = new Map<Promise<void>, () => void>();

  constructor(
    private readonly knex: Knex,
    readonly dialect: DialectName,
    options: QueryRunnerOptions,
  ) {
    this.killer = options.killer;
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.limitMarginMs = options.limitMarginMs ?? 250;
  }

  /** All rows of a query. */
  async all<T>(plan: SqlPlan, limits: QueryLimits): Promise<T[]> {
    const stop = this.stopFor(limits);
    try {
      const conn = await this.acquire(stop.signal);
      const statement = this.watch(conn, stop.signal, () => undefined);
      try {
        const rows = await statement.run(
          new Promise<T[]>((resolve, reject) => {
            conn.query({ sql: this.limited(plan.sql, limits.timeoutMs), values: plan.bindings }, (err, result) => (err ? reject(err) : resolve(result as T[])));
          }),
        );
        if (limits.checkWarnings) await statement.run(readWarnings(conn));
        statement.finished(undefined);
        return rows;
      } catch (err) {
        statement.finished(err);
        throw err;
      }
    } catch (err) {
      throw mapQueryError(err, stop);
    } finally {
      stop.dispose();
    }
  }

  /**
   * Streams the rows of a query in batches of up to `batchSize` (see row-batches.ts). Breaking
   * out of the loop, aborting `limits.signal` or passing the time limit stops the statement on
   * the server, also while this generator sits suspended at a yield whose consumer is blocked
   * on a stalled network write and will never resume it. When the connection dies, the
   * complete batches read before come first, then the error.
   */
  async *streamBatches<T>(plan: SqlPlan, limits: QueryLimits, batchSize: number): AsyncGenerator<T[]> {
    const stop = this.stopFor(limits);
    try {
      const conn = await this.acquire(stop.signal);
      const query = conn.query({ sql: this.limited(plan.sql, limits.timeoutMs), values: plan.bindings });
      const ended = statementEnd(query, conn);
      const rows = query.stream({ highWaterMark: batchSize });
      // Once stopped, nothing reads the rows any more: drop them instead of buffering.
      const statement = this.watch(conn, stop.signal, () => rows.destroy());
      const running = statement.run(ended, (end) => end);
      running.catch(() => undefined);
      let outcome: unknown;
      try {
        yield* rowBatches<T>(rows, conn, batchSize, stop.signal);
        const end = await running;
        if (end !== "lost" && end.errno !== undefined) throw Object.assign(new Error(`statement ended with error ${end.errno}`), { errno: end.errno });
        if (limits.checkWarnings) await statement.run(readWarnings(conn));
      } catch (err) {
        outcome = err ?? new Error("stream failed");
        throw err;
      } finally {
        // A consumer that stops early (return) ends a statement still running: stop it.
        if (outcome === undefined && !stop.signal.aborted && (await settledWithin(ended, 0)) === undefined) stop.abort();
        statement.finished(outcome);
      }
    } catch (err) {
      throw mapQueryError(err, stop);
    } finally {
      stop.dispose();
    }
  }

  /**
   * Waits until the statements being stopped are done, at most `budgetMs`; then ends the rest
   * at once (KILL CONNECTION, bounded by the killer's own time limit) without their grace.
   */
  async settle(budgetMs: number): Promise<void> {
    const all = Promise.all([...this.stopping.keys()]);
    if ((await settledWithin(all, budgetMs)) === undefined) {
      for (const hurry of this.stopping.values()) hurry();
      await all;
    }
  }

  /** Number of statements being stopped right now (for tests and logs). */
  get statementsStopping(): number {
    return this.stopping.size;
  }

  private limited(sql: string, timeoutMs: number): string {
    return timeoutMs > 0 ? withStatementTimeLimit(sql, Math.max(1, Math.ceil(timeoutMs)), this.dialect) : sql;
  }

  /** The caller's signal joined with the runner's own copy of the time limit. */
  private stopFor(limits: QueryLimits): CallStop {
    const controller = new AbortController();
    let limitPassed = false;
    const onAbort = (): void => controller.abort(limits.signal.reason);
    if (limits.signal.aborted) onAbort();
    else limits.signal.addEventListener("abort", onAbort, { once: true });
    const timer =
      limits.timeoutMs > 0
        ? setTimeout(() => {
            limitPassed = true;
            controller.abort(new CallStopped("statement time limit passed"));
          }, limits.timeoutMs + this.limitMarginMs)
        : undefined;
    return {
      signal: controller.signal,
      get limitPassed() {
        return limitPassed;
      },
      abort: () => controller.abort(new CallStopped("the caller stopped reading")),
      dispose: () => {
        clearTimeout(timer);
        limits.signal.removeEventListener("abort", onAbort);
      },
    };
  }

  /** A pool connection, or a rejection as soon as `signal` aborts (the connection is then returned when it comes). */
  private acquire(signal: AbortSignal): Promise<RawConnection> {
    if (signal.aborted) return Promise.reject(new CallStopped("stopped before a connection was had"));
    const pending = this.knex.client.acquireConnection() as Promise<RawConnection>;
    return new Promise<RawConnection>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new CallStopped("stopped while waiting for a connection"));
        pending.then((conn) => this.release(conn, false), () => undefined);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      pending.then(
        (conn) => {
          signal.removeEventListener("abort", onAbort);
          if (!signal.aborted) resolve(conn);
        },
        (err: unknown) => {
          signal.removeEventListener("abort", onAbort);
          reject(err);
        },
      );
    });
  }

  private release(conn: RawConnection, spoiled: boolean): void {
    if (spoiled) conn.destroy();
    void this.knex.client.releaseConnection(conn);
  }

  /**
   * Watches the statement on `conn`: `run` races each driver operation against `signal`; when the
   * signal aborts first, `onStop` runs and the statement is stopped in the background, after which
   * the connection is released (reused only when the kill provably hit that statement).
   * `finished` hands the connection back when the operations ended by themselves.
   */
  private watch(conn: RawConnection, signal: AbortSignal, onStop: () => void) {
    let current: Promise<StatementEnd> = Promise.resolve({ errno: undefined });
    let stopped = false;
    let released = false;
    let stopCall: (() => void) | undefined;
    const stopping = new Promise<never>((_, reject) => {
      stopCall = () => reject(new CallStopped("call stopped"));
    });
    stopping.catch(() => undefined);

    const stopStatement = async (hurry: Promise<void>): Promise<void> => {
      onStop();
      if (conn._fatalError) {
        this.release(conn, true);
        return;
      }
      const hurried = hurry.then(() => "hurried" as const);
      const acknowledged = await Promise.race([this.killer.kill(conn.threadId, "query"), hurried]);
      // Unacknowledged (a frozen or unreachable server): no point in waiting for the statement.
      const end = acknowledged !== true ? undefined : await Promise.race([settledWithin(current, this.killGraceMs), hurried.then(() => undefined)]);
      if (end === undefined) {
        // Still running after KILL QUERY (e.g. inside one row's regex), or the kill got no answer.
        void this.killer.kill(conn.threadId, "connection");
        this.release(conn, true);
        return;
      }
      // A kill that did not interrupt this statement could hit the next one on the connection.
      const interrupted = end !== "lost" && (end.errno === QUERY_INTERRUPTED_ERRNO || isStatementTimeout(end.errno));
      this.release(conn, !interrupted);
    };

    const onAbort = (): void => {
      if (released || stopped) return;
      stopped = true;
      stopCall?.();
      let hurry!: () => void;
      const hurried = new Promise<void>((resolve) => (hurry = resolve));
      const done = stopStatement(hurried).finally(() => this.stopping.delete(done));
      this.stopping.set(done, hurry);
    };
    if (signal.aborted) queueMicrotask(onAbort);
    else signal.addEventListener("abort", onAbort, { once: true });

    return {
      /** Resolves or rejects with `operation`, or rejects with CallStopped once the call stopped. */
      run<T>(operation: Promise<T>, asEnd: (value: T) => StatementEnd = () => ({ errno: undefined })): Promise<T> {
        current = operation.then(asEnd, (err: unknown) => (isConnectionLost(err) ? "lost" : { errno: errnoOf(err) }));
        return Promise.race([operation, stopping]);
      },
      /** The operations are over (`err` when one failed); releases the connection unless it is being stopped. */
      finished: (err: unknown): void => {
        signal.removeEventListener("abort", onAbort);
        if (stopped || released) return;
        released = true;
        this.release(conn, err !== undefined && isConnectionLost(err));
      },
    };
  }
}

/** Why and how a call stopped. */
interface CallStop {
  readonly signal: AbortSignal;
  /** Whether the runner's own copy of the time limit ended the call. */
  readonly limitPassed: boolean;
  abort(): void;
  dispose(): void;
}

/** Resolves when the streaming `query` ended (with its error number, if any) or its connection was lost. */
function statementEnd(query: StreamingQuery, conn: ConnectionEvents): Promise<StatementEnd> {
  return new Promise<StatementEnd>((resolve) => {
    let errno: number | undefined;
    const onLost = (): void => {
      conn.off("error", onLost);
      conn.off("end", onLost);
      resolve("lost");
    };
    // Always listened to: a killed statement's error arriving after its stream was destroyed
    // must not become an unhandled error of the query.
    query.on("error", (err) => {
      errno ??= errnoOf(err) ?? -1;
    });
    query.once("end", () => {
      conn.off("error", onLost);
      conn.off("end", onLost);
      resolve({ errno });
    });
    conn.on("error", onLost);
    conn.on("end", onLost);
  });
}

/** `value` of `promise` if it settles within `ms`, else undefined (a rejection counts as settled with undefined). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function readWarnings(conn: RawConnection): Promise<void> {
  const warnings = await new Promise<{ Level: string; Code: number; Message: string }[]>((resolve, reject) => {
    conn.query({ sql: "SHOW WARNINGS", values: [] }, (err, rows) => (err ? reject(err) : resolve(rows as never)));
  });
  const serious = warnings.filter((w) => w.Level !== "Note");
  const regex = serious.find((w) => isRegexFailureWarning(Number(w.Code)));
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

function errnoOf(err: unknown): number | undefined {
  return typeof err === "object" && err !== null ? (err as { errno?: number }).errno : undefined;
}

/** A driver error after which the connection is unusable. */
function isConnectionLost(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { fatal?: unknown }).fatal === true;
}

function mapQueryError(err: unknown, stop: CallStop): unknown {
  if (isStatementTimeout(errnoOf(err)) || (stop.limitPassed && stop.signal.aborted)) {
    return new UserError("deadline_exceeded", "", "evaluation exceeded its time limit");
  }
  if (stop.signal.aborted) {
    return new UserError("deadline_exceeded", "", "evaluation was cancelled or its deadline passed");
  }
  return err;
}
