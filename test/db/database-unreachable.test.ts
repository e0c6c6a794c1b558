import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "../../src/db/database-unreachable.js";

const withProps = (props: Record<string, unknown>): Error => Object.assign(new Error("x"), props);

describe("isDatabaseUnreachable", () => {
  it.each([
    ["connection refused", withProps({ code: "ECONNREFUSED" })],
    ["connection lost mid-statement", withProps({ code: "PROTOCOL_CONNECTION_LOST", fatal: true })],
    ["server gone away", withProps({ errno: 2006 })],
    ["server shutting down", withProps({ errno: 1053, code: "ER_SERVER_SHUTDOWN" })],
    ["no pool connection in time", withProps({ name: "KnexTimeoutError" })],
    ["wrapped in a cause", Object.assign(new Error("outer"), { cause: withProps({ code: "ECONNRESET" }) })],
  ])("%s is unreachable", (_name, err) => {
    expect(isDatabaseUnreachable(err)).toBe(true);
  });

  it.each([
    ["a syntax error", withProps({ errno: 1064, code: "ER_PARSE_ERROR" })],
    ["a statement time limit", withProps({ errno: 1969 })],
    ["a killed query", withProps({ errno: 1317 })],
    ["a plain error", new Error("boom")],
    ["not an error", "ECONNREFUSED"],
  ])("%s is not", (_name, err) => {
    expect(isDatabaseUnreachable(err)).toBe(false);
  });
});
