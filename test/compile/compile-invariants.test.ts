/**
 * What the compiler refuses: IR that lowering or reference expansion should have made
 * impossible fails with a named internal error (never silently "true"), and times that no
 * DATETIME literal can hold are the caller's error, pointing at the node.
 */
import { describe, expect, it } from "vitest";
import { CompileInvariantError, UnexpandedSegmentError } from "../../src/compile/compile-errors.js";
import { compileMembersQuery } from "../../src/compile/compile-members-query.js";
import type { Expr } from "../../src/ir/nodes.js";
import { UserError } from "../../src/errors/user-error.js";
import { NOW_MS } from "./fixtures/dataset.js";
import {
  aggregate, any, at, bool, cond, count, customField, customer, dec, eq, field, gt, last, num, period, rel, relation, segment, str,
} from "./fixtures/ir.js";

const options = { instantMs: NOW_MS, dialect: "mariadb" } as const;

const INTERNAL_ERRORS: ReadonlyArray<{ name: string; expr: Expr; error: new (...args: never[]) => Error; message: RegExp }> = [
  { name: "an unexpanded segment reference", expr: segment(null, "seg_x"), error: UnexpandedSegmentError, message: /segment seg_x was not expanded/ },
  { name: "an empty and", expr: { kind: "and", path: "predicate.and", items: [] }, error: CompileInvariantError, message: /and needs at least one item/ },
  { name: "an empty or", expr: { kind: "or", path: "predicate.or", items: [] }, error: CompileInvariantError, message: /or needs at least one item/ },
  {
    name: "a relation inside a relation's where",
    expr: relation("subscriptions", any, relation("invoices", any)),
    error: CompileInvariantError,
    message: /relation cannot be nested in the subscriptions scope/,
  },
  {
    name: "a segment reference inside a relation's where",
    expr: relation("subscriptions", any, segment(customer("country", eq(str("DE"))))),
    error: CompileInvariantError,
    message: /segment reference cannot be used in the subscriptions scope/,
  },
  {
    name: "a customer field inside a relation's where",
    expr: relation("subscriptions", any, customer("country", eq(str("DE")))),
    error: CompileInvariantError,
    message: /field country of customer used in the subscriptions scope/,
  },
  {
    name: "a field of another relation scope",
    expr: relation("subscriptions", any, cond(field("invoices", "status"), eq(str("paid")))),
    error: CompileInvariantError,
    message: /field status of invoices used in the subscriptions scope/,
  },
  {
    name: "a custom field inside a relation's where",
    expr: relation("subscriptions", any, cond(customField("seats", 2, "integer"), eq(num(1)))),
    error: CompileInvariantError,
    message: /custom field custom.seats used in the subscriptions scope/,
  },
  {
    name: "an aggregate over another scope's field",
    expr: relation("subscriptions", aggregate("sum", "invoices", "total", gt(num(0)))),
    error: CompileInvariantError,
    message: /invoices.total cannot be aggregated in subscriptions/,
  },
  {
    name: "an operand of the wrong type",
    expr: customer("country", eq(num(1))),
    error: CompileInvariantError,
    message: /a number operand cannot be compared with a string field/,
  },
  { name: "a bool operand for a count", expr: relation("invoices", count(eq(bool(true)))), error: CompileInvariantError, message: /a bool operand is not a number/ },
  { name: "an unsafe integer", expr: customer("employee_count", eq(num(2 ** 53))), error: CompileInvariantError, message: /not a safe integer/ },
  { name: "a non-canonical decimal", expr: relation("invoices", count(eq(dec("1e3")))), error: CompileInvariantError, message: /decimal operand is not canonical/ },
  { name: "last 0", expr: relation("invoices", any, null, last(0)), error: CompileInvariantError, message: /1 <= N <= 1000, got 0/ },
  { name: "last 1001", expr: relation("invoices", any, null, last(1001)), error: CompileInvariantError, message: /1 <= N <= 1000, got 1001/ },
];

describe("IR the compiler refuses with a named internal error", () => {
  it.each(INTERNAL_ERRORS)("$name", ({ expr, error, message }) => {
    expect(() => compileMembersQuery(expr, options)).toThrowError(error);
    expect(() => compileMembersQuery(expr, options)).toThrowError(message);
  });
});

describe("times outside 0001-01-01 … 9999-12-31 are the caller's error", () => {
  it.each([
    { name: "a relative time past year 9999", expr: customer("created_at", gt(rel(8000, "year"))) },
    { name: "a relative time before year 1", expr: customer("created_at", gt(rel(-2025, "year"))) },
    { name: "a relative time beyond what a Date holds", expr: customer("created_at", gt(rel(-1e12, "week"))) },
    { name: "an absolute instant past year 9999", expr: customer("created_at", gt(at("+010000-01-01T00:00:00.000Z"))) },
    { name: "a period bound past year 9999", expr: relation("invoices", any, null, period(rel(100_000, "month"), null)) },
  ])("$name", ({ expr }) => {
    let thrown: unknown;
    try {
      compileMembersQuery(expr, options);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect(thrown).toMatchObject({ code: "invalid_argument", path: expr.path });
  });

  it("accepts the first and last millisecond of the range", () => {
    expect(compileMembersQuery(customer("created_at", eq(at("0001-01-01T00:00:00.000Z"))), options).bindings).toEqual(["0001-01-01 00:00:00.000"]);
    expect(compileMembersQuery(customer("created_at", eq(at("9999-12-31T23:59:59.999Z"))), options).bindings).toEqual(["9999-12-31 23:59:59.999"]);
  });
});
