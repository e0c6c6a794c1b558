/**
 * The statement-control parts of the dialect module: EXPLAIN with a time limit in each dialect's
 * syntax, the error numbers of statements ended by their limit or by KILL, the regex warning that
 * makes a result wrong, and the KILL statements.
 */
import { describe, expect, it } from "vitest";
import { QUERY_INTERRUPTED_ERRNO, explainWithTimeLimit, isRegexFailureWarning, isStatementTimeout, killStatement, type DialectName } from "../../src/db/dialect.js";

describe("explainWithTimeLimit", () => {
  it.each<[number | undefined, DialectName, string]>([
    [undefined, "mariadb", "EXPLAIN FORMAT=JSON select 1"],
    [undefined, "mysql", "EXPLAIN FORMAT=JSON select 1"],
    [1500, "mariadb", "SET STATEMENT max_statement_time=1.500 FOR EXPLAIN FORMAT=JSON select 1"],
    [1500, "mysql", "EXPLAIN FORMAT=JSON select /*+ MAX_EXECUTION_TIME(1500) */ 1"],
  ])("limit %s on %s", (ms, dialect, expected) => {
    expect(explainWithTimeLimit("select 1", ms, dialect)).toBe(expected);
  });
});

describe("error numbers", () => {
  it.each([
    [1969, true],
    [3024, true],
    [1317, false],
    [1064, false],
    [undefined, false],
  ])("errno %s is a statement time limit: %s", (errno, expected) => {
    expect(isStatementTimeout(errno)).toBe(expected);
  });

  it("KILL QUERY ends a statement with 1317", () => {
    expect(QUERY_INTERRUPTED_ERRNO).toBe(1317);
  });

  it.each([
    [1139, true],
    [1292, false],
  ])("warning %d makes a regex result wrong: %s", (code, expected) => {
    expect(isRegexFailureWarning(code)).toBe(expected);
  });
});

describe("killStatement", () => {
  it("kills the query or the whole connection of a thread", () => {
    expect(killStatement(42, "query")).toBe("KILL QUERY 42");
    expect(killStatement(42, "connection")).toBe("KILL CONNECTION 42");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses thread id %d", (id) => {
    expect(() => killStatement(id, "query")).toThrow(RangeError);
  });
});
