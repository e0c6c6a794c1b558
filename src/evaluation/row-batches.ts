/**
 * Turns the row stream of one streaming statement into batches of rows, with backpressure: the
 * stream is paused while a full batch waits for its consumer, so memory stays bounded by about
 * two batches. Rows are collected from stream events rather than one async step per row, which
 * keeps the per-row cost of large exports low.
 *
 * The stream alone does not say when its connection dies: mysql2 reports a lost connection on
 * the connection, not on the result stream of the statement in flight, whose stream would then
 * never end nor fail. So the connection's own `error` and `end` events fail the batches too.
 * Complete batches read before a failure are still delivered; a partial batch never is, so the
 * last delivered batch is always complete and a cursor after it resumes exactly.
 *
 * While the stream is paused for backpressure its socket is not read, so a dead connection is
 * noticed once the consumer asks for more and reading resumes: the rows the database had sent
 * before it died come first, then the failure.
 */
import type { Readable } from "node:stream";

/** The events of the connection a stream reads from. */
export interface ConnectionEvents {
  on(event: "error" | "end", listener: (err?: Error) => void): unknown;
  off(event: "error" | "end", listener: (err?: Error) => void): unknown;
}

/** Thrown when `signal` ends the batches: its reason, or an AbortError. */
function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? Object.assign(new Error("aborted"), { name: "AbortError" });
}

/**
 * Yields the rows of `rows` in batches of up to `batchSize` (only the last one may be shorter).
 * Fails with the stream's or the connection's error, or when the connection ends before the
 * stream did, or with the reason of `signal` once it aborts. Returning early or failing destroys
 * the stream; the statement and connection are the caller's to clean up.
 */
export async function* rowBatches<T>(rows: Readable, connection: ConnectionEvents, batchSize: number, signal: AbortSignal): AsyncGenerator<T[]> {
  const ready: T[][] = [];
  let current: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (error: unknown): void => {
    if (ended) return;
    failure ??= { error };
    notify();
  };

  const onData = (row: T): void => {
    current.push(row);
    if (current.length >= batchSize) {
      ready.push(current);
      current = [];
      rows.pause();
      notify();
    }
  };
  const onEnd = (): void => {
    if (failure) return;
    ended = true;
    if (current.length > 0) ready.push(current);
    current = [];
    notify();
  };
  const onStreamError = (err: unknown): void => fail(err);
  const onClose = (): void => fail(new Error("result stream closed before its end"));
  const onConnectionError = (err?: Error): void => fail(err ?? new Error("database connection failed"));
  const onConnectionEnd = (): void => fail(Object.assign(new Error("database connection ended during the statement"), { code: "PROTOCOL_CONNECTION_LOST", fatal: true }));
  const onAbort = (): void => fail(abortReason(signal));

  rows.on("data", onData);
  rows.on("end", onEnd);
  rows.on("error", onStreamError);
  rows.on("close", onClose);
  connection.on("error", onConnectionError);
  connection.on("end", onConnectionEnd);
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });

  let complete = false;
  try {
    for (;;) {
      const batch = ready.shift();
      if (batch) {
        yield batch;
        if (!ended && !failure && ready.length === 0) rows.resume();
        continue;
      }
      if (failure) throw failure.error;
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    complete = true;
  } finally {
    signal.removeEventListener("abort", onAbort);
    connection.off("error", onConnectionError);
    connection.off("end", onConnectionEnd);
    rows.off("data", onData);
    rows.off("end", onEnd);
    rows.off("close", onClose);
    // Keep a listener: a destroyed stream may still report an error, which must not go unhandled.
    rows.off("error", onStreamError);
    rows.on("error", () => undefined);
    if (!complete) rows.destroy();
  }
}
