import { Code, ConnectError } from "@connectrpc/connect";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BadRequestSchema, ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { invalidArgument, UserError, type UserErrorCode } from "../../src/errors/user-error.js";
import { capMessage, MAX_ERROR_MESSAGE_CHARS } from "../../src/server/error-details.js";
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

describe("error details", () => {
  const reasonOf = (e: ConnectError): string | undefined => e.findDetails(ErrorInfoSchema)[0]?.reason;
  const violationsOf = (e: ConnectError) => e.findDetails(BadRequestSchema).flatMap((b) => b.fieldViolations.map(({ field, description, reason }) => ({ field, description, reason })));

  it("a UserError carries its reason and, when INVALID_ARGUMENT, the field violation at its path", () => {
    const { logger } = capturingLogger();
    const mapped = toConnectError(invalidArgument("predicate.and[0].condition.field", 'unknown field "x"', "UNKNOWN_FIELD"), logger);
    expect(reasonOf(mapped)).toBe("UNKNOWN_FIELD");
    expect(mapped.findDetails(ErrorInfoSchema)[0]?.metadata).toEqual({ path: "predicate.and[0].condition.field" });
    expect(violationsOf(mapped)).toEqual([{ field: "predicate.and[0].condition.field", description: 'unknown field "x"', reason: "UNKNOWN_FIELD" }]);
  });

  it.each<[UserErrorCode, string]>([
    ["invalid_argument", "INVALID_VALUE"],
    ["not_found", "NOT_FOUND"],
    ["already_exists", "ALREADY_EXISTS"],
    ["failed_precondition", "FAILED_PRECONDITION"],
    ["aborted", "STALE_VERSION"],
    ["deadline_exceeded", "DEADLINE_EXCEEDED"],
    ["resource_exhausted", "LIMIT_EXCEEDED"],
    ["unimplemented", "UNIMPLEMENTED"],
  ])("a UserError %s without a reason of its own has reason %s; only INVALID_ARGUMENT has a BadRequest", (code, reason) => {
    const { logger } = capturingLogger();
    const mapped = toConnectError(new UserError(code, "id", "bad"), logger);
    expect(reasonOf(mapped)).toBe(reason);
    expect(violationsOf(mapped)).toHaveLength(code === "invalid_argument" ? 1 : 0);
  });

  it("internal errors say INTERNAL, ConnectErrors without details get their code's reason, and keep their identity", () => {
    const { logger } = capturingLogger();
    expect(reasonOf(toConnectError(new Error("boom"), logger))).toBe("INTERNAL");
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:3306"), { code: "ECONNREFUSED" });
    expect(reasonOf(toConnectError(refused, logger))).toBe("DATABASE_UNAVAILABLE");
    const starting = new ConnectError("the service is starting", Code.Unavailable);
    expect(toConnectError(starting, logger)).toBe(starting);
    expect(reasonOf(starting)).toBe("UNAVAILABLE");
    expect(starting.details).toHaveLength(1);
    toConnectError(starting, logger);
    expect(starting.details).toHaveLength(1);
  });

  it("caps a long message at 1 KB, on a character boundary, without a trailing space", () => {
    const { logger } = capturingLogger();
    const mapped = toConnectError(invalidArgument("value", `${"ab ".repeat(400)}😀${"c".repeat(2000)}`), logger);
    expect(mapped.rawMessage.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
    expect(mapped.rawMessage.endsWith("…")).toBe(true);
    expect(mapped.rawMessage).not.toMatch(/\s…$/);
    expect(violationsOf(mapped)[0]!.description.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_CHARS);
  });

  it("the capped cut never splits a surrogate pair", () => {
    expect(capMessage(`${"x".repeat(MAX_ERROR_MESSAGE_CHARS - 2)}😀😀😀`)).toBe(`${"x".repeat(MAX_ERROR_MESSAGE_CHARS - 2)}…`);
  });
});
