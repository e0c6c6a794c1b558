import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { installSignalHandlers } from "../../src/server/signals.js";

describe("installSignalHandlers", () => {
  it("calls shutdown once, with the first signal, however many signals arrive", async () => {
    const source = new EventEmitter();
    const calls: string[] = [];
    installSignalHandlers(async (signal) => {
      calls.push(signal);
    }, undefined, source);
    source.emit("SIGTERM", "SIGTERM");
    source.emit("SIGINT", "SIGINT");
    source.emit("SIGTERM", "SIGTERM");
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(["SIGTERM"]);
  });

  it("SIGINT alone also triggers shutdown", async () => {
    const source = new EventEmitter();
    const calls: string[] = [];
    installSignalHandlers(async (signal) => {
      calls.push(signal);
    }, undefined, source);
    source.emit("SIGINT", "SIGINT");
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(["SIGINT"]);
  });

  it("the returned function removes the handlers", () => {
    const source = new EventEmitter();
    const uninstall = installSignalHandlers(async () => undefined, undefined, source);
    expect([source.listenerCount("SIGTERM"), source.listenerCount("SIGINT")]).toEqual([1, 1]);
    uninstall();
    expect([source.listenerCount("SIGTERM"), source.listenerCount("SIGINT")]).toEqual([0, 0]);
  });

  it("a failing shutdown sets a non-zero exit code", async () => {
    const source = new EventEmitter();
    const previous = process.exitCode;
    installSignalHandlers(async () => {
      throw new Error("pool would not close");
    }, undefined, source);
    source.emit("SIGTERM", "SIGTERM");
    await new Promise((resolve) => setImmediate(resolve));
    try {
      expect(process.exitCode).toBe(1);
    } finally {
      process.exitCode = previous;
    }
  });
});
