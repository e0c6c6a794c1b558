import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callUnary, grpcClient, startTestServer, type TestServer } from "./harness.js";

const LIMIT = 1024;

describe("request size limit", () => {
  let srv: TestServer;
  let health: ReturnType<typeof grpcClient>;

  beforeAll(async () => {
    srv = await startTestServer({ maxRequestBytes: LIMIT });
    health = grpcClient("grpc/health/v1/health.proto", "grpc.health.v1.Health", srv.address);
  });

  afterAll(async () => {
    health.close();
    await srv.close(100);
  });

  it("a gRPC request under the limit reaches the handler", async () => {
    const outcome = await callUnary(health, "Check", { service: "x".repeat(LIMIT / 2) });
    expect(outcome.ok ? "ok" : outcome.error.code).toBe(grpc.status.NOT_FOUND);
  });

  it("a gRPC request over the limit fails with RESOURCE_EXHAUSTED", async () => {
    const outcome = await callUnary(health, "Check", { service: "x".repeat(LIMIT * 2) });
    expect(outcome.ok ? "ok" : outcome.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it("a Connect JSON request over the limit fails with resource_exhausted", async () => {
    const res = await fetch(`http://${srv.address}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ service: "x".repeat(LIMIT * 2) }),
    });
    expect(await res.json()).toMatchObject({ code: "resource_exhausted" });
  });
});
