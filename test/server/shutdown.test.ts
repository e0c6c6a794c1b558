import * as grpc from "@grpc/grpc-js";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { callUnary, eventually, grpcClient, startTestServer } from "./harness.js";

const SEGMENTS = ["kontorion/segments/v1/segment_service.proto", "kontorion.segments.v1.SegmentService"] as const;
const HEALTH = ["grpc/health/v1/health.proto", "grpc.health.v1.Health"] as const;

describe("graceful shutdown", () => {
  it("lets an in-flight call finish, refuses new calls, and ends health watches with NOT_SERVING", async () => {
    const srv = await startTestServer();
    const segments = grpcClient(...SEGMENTS, srv.address);
    const health = grpcClient(...HEALTH, srv.address);
    try {
      const watch = (health["Watch"] as Function).call(health, { service: "" }) as grpc.ClientReadableStream<{ status: string }>;
      const watched: string[] = [];
      const watchStatus = new Promise<grpc.status>((resolve) => watch.on("status", (s: grpc.StatusObject) => resolve(s.code)));
      watch.on("data", (m: { status: string }) => watched.push(m.status));
      watch.on("error", () => undefined);
      await eventually(() => watched.length === 1);

      const inFlight = callUnary(segments, "GetSegment", { id: "slow" });
      await sleep(100);
      const closed = srv.close(5000);
      await sleep(20);
      const duringDrain = await callUnary(health, "Check", { service: "" });

      expect(await inFlight).toMatchObject({ ok: true });
      expect(duringDrain.ok ? "ok" : duringDrain.error.code).toBe(grpc.status.UNAVAILABLE);
      expect(await watchStatus).toBe(grpc.status.OK);
      expect(watched).toEqual(["SERVING", "NOT_SERVING"]);
      await closed;

      const fresh = grpcClient(...HEALTH, srv.address);
      const afterClose = await callUnary(fresh, "Check", { service: "" });
      fresh.close();
      expect(afterClose.ok ? "ok" : afterClose.error.code).toBe(grpc.status.UNAVAILABLE);
      await expect(fetch(`http://${srv.address}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).rejects.toThrow();
    } finally {
      segments.close();
      health.close();
    }
  });

  it("after the grace period, ends even a call whose handler ignores its cancellation with a clean UNAVAILABLE trailer, and resolves", async () => {
    const srv = await startTestServer();
    const segments = grpcClient(...SEGMENTS, srv.address);
    try {
      const stream = (segments["ListMembers"] as Function).call(segments, { cursor: "forever" }) as grpc.ClientReadableStream<unknown>;
      const received: unknown[] = [];
      stream.on("data", (m) => received.push(m));
      stream.on("error", () => undefined);
      const ended = new Promise<grpc.StatusObject>((resolve) => stream.on("status", resolve));
      await eventually(() => received.length === 1);

      const started = Date.now();
      await srv.close(200);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(190);
      expect(took).toBeLessThan(2000);
      const status = await ended;
      expect({ code: status.code, details: status.details }).toEqual({ code: grpc.status.UNAVAILABLE, details: "server is shutting down" });
    } finally {
      segments.close();
    }
  });

  it("does not wait for idle HTTP/1.1 keep-alive connections or silent connections", async () => {
    const srv = await startTestServer();
    const res = await fetch(`http://${srv.address}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    await res.text();
    const silent = net.connect(srv.port, "127.0.0.1");
    silent.on("error", () => undefined);
    await new Promise((resolve) => silent.once("connect", resolve));

    const started = Date.now();
    await srv.close(5000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("close() called twice returns the same shutdown", async () => {
    const srv = await startTestServer();
    const first = srv.server.close(1000);
    expect(srv.server.close(1000)).toBe(first);
    await first;
  });
});
