/**
 * The stream-to-batches adapter over a plain object stream and a plain event emitter standing for
 * the connection (no SQL here; the database cases are in test/faults/export-database-dies.test.ts):
 * batches of the requested size, backpressure, and above all that a dead connection ends the
 * batches even though the row stream itself never says so, after complete batches only.
 */
import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { rowBatches } from "../../src/evaluation/row-batches.js";

function source(): { rows: Readable; connection: EventEmitter } {
  return { rows: new Readable({ objectMode: true, highWaterMark: 4, read: () => undefined }), connection: new EventEmitter() };
}

async function collect(batches: AsyncGenerator<number[]>): Promise<{ batches: number[][]; error: unknown }> {
  const seen: number[][] = [];
  try {
    for await (const b of batches) seen.push(b);
    return { batches: seen, error: undefined };
  } catch (error) {
    return { batches: seen, error };
  }
}

describe("rowBatches", () => {
  it("yields full batches and a shorter last one", async () => {
    const { rows, connection } = source();
    for (let i = 1; i <= 7; i++) rows.push(i);
    rows.push(null);
    expect(await collect(rowBatches<number>(rows, connection, 3, new AbortController().signal))).toEqual({ batches: [[1, 2, 3], [4, 5, 6], [7]], error: undefined });
  });

  it("fails when the connection errors while the stream neither ends nor fails, after the complete batches only", async () => {
    const { rows, connection } = source();
    const lost = Object.assign(new Error("Connection lost"), { code: "PROTOCOL_CONNECTION_LOST", fatal: true });
    const result = collect(rowBatches<number>(rows, connection, 3, new AbortController().signal));
    for (let i = 1; i <= 5; i++) rows.push(i);
    await new Promise((r) => setTimeout(r, 10));
    connection.emit("error", lost);
    expect(await result).toEqual({ batches: [[1, 2, 3]], error: lost });
    expect(rows.destroyed).toBe(true);
  });

  it("fails when the connection ends before the stream did", async () => {
    const { rows, connection } = source();
    const result = collect(rowBatches<number>(rows, connection, 2, new AbortController().signal));
    rows.push(1);
    connection.emit("end");
    const { batches, error } = await result;
    expect(batches).toEqual([]);
    expect(error).toMatchObject({ code: "PROTOCOL_CONNECTION_LOST" });
  });

  it("fails with the signal's reason once it aborts, also while waiting for rows", async () => {
    const { rows, connection } = source();
    const controller = new AbortController();
    const result = collect(rowBatches<number>(rows, connection, 2, controller.signal));
    rows.push(1);
    rows.push(2);
    await new Promise((r) => setTimeout(r, 10));
    const reason = new Error("deadline");
    controller.abort(reason);
    expect(await result).toEqual({ batches: [[1, 2]], error: reason });
  });

  it("pauses the stream while a full batch waits for its consumer", async () => {
    const { rows, connection } = source();
    const batches = rowBatches<number>(rows, connection, 2, new AbortController().signal);
    for (let i = 1; i <= 6; i++) rows.push(i);
    expect((await batches.next()).value).toEqual([1, 2]);
    expect(rows.isPaused()).toBe(true);
    expect((await batches.next()).value).toEqual([3, 4]);
    await batches.return(undefined);
    expect(rows.destroyed).toBe(true);
  });

  it("ignores a connection error after the stream ended", async () => {
    const { rows, connection } = source();
    const result = collect(rowBatches<number>(rows, connection, 5, new AbortController().signal));
    rows.push(1);
    rows.push(null);
    const done = await result;
    // Real connections keep a listener of their own for late errors (db/late-connection-errors.ts).
    connection.on("error", () => undefined);
    connection.emit("error", new Error("late"));
    expect(done).toEqual({ batches: [[1]], error: undefined });
  });
});
