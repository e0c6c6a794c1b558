import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { DatabaseHealthMonitor } from "../../src/server/database-health-monitor.js";
import { eventually } from "./harness.js";
import { HealthStatus, OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH, ServingStatus } from "../../src/server/health-status.js";

describe("DatabaseHealthMonitor", () => {
  it("never runs two pings at once, even when pings are slower than the interval", async () => {
    let running = 0;
    let maxRunning = 0;
    let pings = 0;
    const monitor = new DatabaseHealthMonitor({
      ping: async () => {
        running += 1;
        pings += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(30);
        running -= 1;
      },
      health: new HealthStatus(),
      intervalMs: 1,
      timeoutMs: 1000,
    });
    monitor.start();
    await sleep(200);
    await monitor.stop();
    expect(maxRunning).toBe(1);
    expect(pings).toBeGreaterThan(1);
  });

  it("counts a ping slower than its timeout as failed, and still waits for it before the next", async () => {
    const health = new HealthStatus();
    let running = 0;
    let maxRunning = 0;
    const monitor = new DatabaseHealthMonitor({
      ping: async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await sleep(80);
        running -= 1;
      },
      health,
      intervalMs: 1,
      timeoutMs: 10,
    });
    monitor.start();
    await eventually(() => health.get(OVERALL_HEALTH) === ServingStatus.NOT_SERVING, 1000);
    await sleep(150);
    await monitor.stop();
    expect(maxRunning).toBe(1);
  });

  it("stop() waits for the ping in flight and no ping starts afterwards", async () => {
    let pings = 0;
    let finished = 0;
    const monitor = new DatabaseHealthMonitor({
      ping: async () => {
        pings += 1;
        await sleep(30);
        finished += 1;
      },
      health: new HealthStatus(),
      intervalMs: 5,
    });
    monitor.start();
    await sleep(10);
    await monitor.stop();
    expect(finished).toBe(pings);
    const afterStop = pings;
    await sleep(60);
    expect(pings).toBe(afterStop);
  });

  it("a ping that throws synchronously counts as a failure", async () => {
    const health = new HealthStatus();
    const monitor = new DatabaseHealthMonitor({
      ping: () => {
        throw new Error("pool destroyed");
      },
      health,
    });
    expect(await monitor.checkNow()).toBe(false);
    expect([health.get(OVERALL_HEALTH), health.get(SEGMENT_SERVICE_HEALTH)]).toEqual([ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING]);
  });

  it("only flips the services it was given", async () => {
    const health = new HealthStatus(["", "a", "b"]);
    const monitor = new DatabaseHealthMonitor({ ping: async () => Promise.reject(new Error("down")), health, services: ["a"] });
    await monitor.checkNow();
    expect([health.get(""), health.get("a"), health.get("b")]).toEqual([ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVING]);
  });
});

describe("HealthStatus", () => {
  it("notifies subscribers of changes only, and not after they unsubscribe", () => {
    const health = new HealthStatus();
    const seen: ServingStatus[] = [];
    const unsubscribe = health.subscribe("", (s) => seen.push(s));
    health.set("", ServingStatus.SERVING);
    health.set("", ServingStatus.NOT_SERVING);
    unsubscribe();
    health.set("", ServingStatus.SERVING);
    expect(seen).toEqual([ServingStatus.NOT_SERVING]);
  });

  it("after shutdown everything is NOT_SERVING and later sets are ignored", () => {
    const health = new HealthStatus();
    health.shutdown();
    health.set(SEGMENT_SERVICE_HEALTH, ServingStatus.SERVING);
    expect(health.shutdownSignal.aborted).toBe(true);
    expect([health.get(OVERALL_HEALTH), health.get(SEGMENT_SERVICE_HEALTH)]).toEqual([ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING]);
  });
});
