import { Code, ConnectError } from "@connectrpc/connect";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { UserError, type UserErrorCode } from "../../src/errors/user-error.js";
import { toConnectError } from "../../src/server/error-mapping.js";
import { createLogger } from "../../src/server/logger.js";

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split("\n")) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger("info", sink), lines };
}

describe("toConnectError", () => {
  it.each<[UserErrorCode, Code]>([
    ["invalid_argument", Code.InvalidArgument],
    ["not_found", Code.NotFound],
    ["already_exists", Code.AlreadyExists],
    ["failed_precondition", Code.FailedPrecondition],
    ["aborted", Code.Aborted],
    ["deadline_exceeded", Code.DeadlineExceeded],
    ["resource_exhausted", Code.ResourceExhausted],
    ["unimplemented", Code.Unimplemented],
  ])("maps UserError %s to Code %i with 'path: detail' and logs nothing", (code, expected) => {
    const { logger, lines } = capturingLogger();
    const mapped = toConnectError(new UserError(code, "predicate.or[0]", "bad"), logger);
    expect(mapped.code).toBe(expected);
    expect(mapped.rawMessage).toBe("predicate.or[0]: bad");
    expect(lines).toEqual([]);
  });

  it("keeps the bare detail of a UserError without a path", () => {
    const { logger } = capturingLogger();
    expect(toConnectError(new UserError("not_found", "", "segment s1 not found"), logger).rawMessage).toBe("segment s1 not found");
  });

  it("passes a ConnectError through unchanged", () => {
    const { logger } = capturingLogger();
    const original = new ConnectError("too late", Code.DeadlineExceeded);
    expect(toConnectError(original, logger)).toBe(original);
  });

  it.each([
    ["an Error", new TypeError("cannot read properties of undefined")],
    ["a thrown string", "raw string"],
  ])("turns %s into Internal 'internal error' and logs the cause", (_kind, thrown) => {
    const { logger, lines } = capturingLogger();
    const mapped = toConnectError(thrown, logger);
    expect([mapped.code, mapped.rawMessage, mapped.cause]).toEqual([Code.Internal, "internal error", undefined]);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain(thrown instanceof Error ? thrown.message : thrown);
  });
});
