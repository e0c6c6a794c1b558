/**
 * Comparisons of one SQL value with operands: `= <> > >= < <=`, `IN`, `NOT IN` and inclusive
 * `BETWEEN`. The value is whatever the caller built (a column, a count, an aggregate); the
 * caller decides how NULL is kept out.
 */
import type { CompareOp, NumberTest, Scalar } from "../ir/nodes.js";
import { type SqlFragment, placeholders, sql } from "./sql-builder.js";

const COMPARE_SQL: Readonly<Record<CompareOp, string>> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
};

/** Tests that compare a value with operands (every value test except presence and regex). */
export type ComparisonTest = NumberTest;

/** `value <op> operand(s)`; `operand` turns each scalar into SQL. */
export function compileComparison(value: SqlFragment, test: ComparisonTest, operand: (scalar: Scalar) => SqlFragment): SqlFragment {
  switch (test.op) {
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return sql.raw(`? ${COMPARE_SQL[test.op]} ?`, [value, operand(test.value)]);
    case "in":
    case "not_in":
      return sql.raw(`? ${test.op === "in" ? "IN" : "NOT IN"} (${placeholders(test.values.length)})`, [
        value,
        ...test.values.map(operand),
      ]);
    case "between":
      return sql.raw("? BETWEEN ? AND ?", [value, operand(test.lower), operand(test.upper)]);
    default: {
      const impossible: never = test;
      throw new Error(`unknown comparison ${JSON.stringify(impossible)}`);
    }
  }
}
