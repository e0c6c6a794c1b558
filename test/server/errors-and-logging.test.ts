import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callUnary, eventually, grpcClient, startTestServer, type LogLine, type TestServer } from "./harness.js";

const GET_SEGMENT = "/kontorion.segments.v1.SegmentService/GetSegment";
const LIST_MEMBERS = "/kontorion.segments.v1.SegmentService/ListMembers";

describe("handler errors and the per-RPC log line", () => {
  let srv: TestServer;
  let segments: ReturnType<typeof grpcClient>;

  beforeAll(async () => {
    srv = await startTestServer();
    segments = grpcClient("kontorion/segments/v1/segment_service.proto", "kontorion.segments.v1.SegmentService", srv.address);
  });

  afterAll(async () => {
    segments.close();
    await srv.close(100);
  });

  const rpcLines = (method: string): LogLine[] => srv.logs.filter((l) => l.msg === "rpc" && l["method"] === method);

  /** Runs `act` and returns the rpc log lines of `method` it added. */
  async function newRpcLines(method: string, act: () => Promise<unknown>): Promise<LogLine[]> {
    const before = rpcLines(method).length;
    await act();
    await eventually(() => rpcLines(method).length > before);
    return rpcLines(method).slice(before);
  }

  it.each([
    ["a plain Error", "plain-error", grpc.status.INTERNAL, "internal error", "internal"],
    ["a UserError", "user-error", grpc.status.INVALID_ARGUMENT, "predicate.and[2]: unknown field customer.foo", "invalid_argument"],
    ["a ConnectError", "connect-error", grpc.status.NOT_FOUND, "segment gone", "not_found"],
  ])("a handler throwing %s answers gRPC code %i with a safe message", async (_kind, id, code, message, logged) => {
    let outcome: Awaited<ReturnType<typeof callUnary>> | undefined;
    const lines = await newRpcLines(GET_SEGMENT, async () => {
      outcome = await callUnary(segments, "GetSegment", { id });
    });
    expect(outcome?.ok).toBe(false);
    if (outcome && !outcome.ok) {
      expect(outcome.error.code).toBe(code);
      expect(outcome.error.details).toBe(message);
      expect(JSON.stringify(outcome.error.metadata.getMap())).not.toMatch(/secret|at .*\.ts/);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: GET_SEGMENT, code: logged, protocol: "grpc" });
  });

  it("the cause of an internal error goes to the log with its stack", async () => {
    await callUnary(segments, "GetSegment", { id: "plain-error" });
    const logged = srv.logs.find((l) => l.msg === "internal error" && l["method"] === GET_SEGMENT);
    const err = logged?.["err"] as { message?: string; stack?: string } | undefined;
    expect(err?.message).toBe("secret database password leaked in stack");
    expect(err?.stack).toContain("harness.ts");
  });

  it("over Connect JSON a plain Error is internal/'internal error' and a UserError keeps its path", async () => {
    const post = (id: string) =>
      fetch(`http://${srv.address}/kontorion.segments.v1.SegmentService/GetSegment`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id }),
      });
    const internal = await post("plain-error");
    expect(internal.status).toBe(500);
    expect(await internal.json()).toMatchObject({ code: "internal", message: "internal error" });
    const invalid = await post("user-error");
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: "invalid_argument", message: "predicate.and[2]: unknown field customer.foo" });
  });

  it("a unary call logs one line with method, code, duration, peer and protocol", async () => {
    const lines = await newRpcLines(GET_SEGMENT, () => callUnary(segments, "GetSegment", { id: "slow" }));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ method: GET_SEGMENT, code: "ok", protocol: "grpc" });
    expect(line["peer"]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(line["duration_ms"]).toBeGreaterThanOrEqual(300);
  });

  /** Reads a ListMembers stream to its end; returns the messages and the final status. */
  function listMembers(cursor: string, cancelAfterFirst = false): Promise<{ messages: unknown[]; status: grpc.status; details: string }> {
    return new Promise((resolve) => {
      const call = (segments["ListMembers"] as Function).call(segments, { cursor }) as grpc.ClientReadableStream<unknown>;
      const messages: unknown[] = [];
      call.on("data", (m) => {
        messages.push(m);
        if (cancelAfterFirst) call.cancel();
      });
      call.on("error", () => undefined);
      call.on("status", (s: grpc.StatusObject) => resolve({ messages, status: s.code, details: s.details }));
    });
  }

  it.each([
    ["completes", "", grpc.status.OK, 2, "ok"],
    ["fails with a plain Error after one message", "fail-after-one", grpc.status.INTERNAL, 1, "internal"],
    ["fails with a UserError after one message", "user-error-after-one", grpc.status.FAILED_PRECONDITION, 1, "failed_precondition"],
  ])("a server stream that %s is logged once, when it ends", async (_kind, cursor, status, count, logged) => {
    let result: Awaited<ReturnType<typeof listMembers>> | undefined;
    const lines = await newRpcLines(LIST_MEMBERS, async () => {
      result = await listMembers(cursor);
    });
    expect(result?.status).toBe(status);
    expect(result?.messages).toHaveLength(count);
    if (status === grpc.status.INTERNAL) expect(result?.details).toBe("internal error");
    if (status === grpc.status.FAILED_PRECONDITION) expect(result?.details).toBe("cursor: cursor is stale");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: LIST_MEMBERS, code: logged, protocol: "grpc" });
  });

  it("a server stream the client cancels is logged as canceled", async () => {
    const before = rpcLines(LIST_MEMBERS).length;
    const result = await listMembers("until-cancelled", true);
    expect(result.status).toBe(grpc.status.CANCELLED);
    await eventually(() => rpcLines(LIST_MEMBERS).length > before);
    expect(rpcLines(LIST_MEMBERS).slice(before)).toMatchObject([{ code: "canceled" }]);
  });

  it("gRPC-Web is served on the same port and logged with its protocol", async () => {
    const method = "/grpc.health.v1.Health/Check";
    const before = rpcLines(method).length;
    // An empty HealthCheckRequest: flags byte 0 and a zero length.
    const res = await fetch(`http://${srv.address}${method}`, {
      method: "POST",
      headers: { "content-type": "application/grpc-web+proto", "x-grpc-web": "1" },
      body: new Uint8Array(5),
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString("latin1")).toMatch(/grpc-status: ?0/);
    await eventually(() => rpcLines(method).length > before);
    expect(rpcLines(method).slice(before)).toMatchObject([{ code: "ok", protocol: "grpc_web" }]);
  });
});
