/**
 * Comparisons of one SQL value with operands: `= <> > >= < <=`, `IN`, `NOT IN` and inclusive
 * `BETWEEN`. The value is a column or whatever the caller built (a count, an aggregate); the
 * caller decides how NULL is kept out. The comparison is one fragment: the value and the
 * operands are its bindings.
 */
import type { CompareOp, NumberTest, Scalar } from "../ir/nodes.js";
import { ColumnRef, type SqlFragment, type SqlOperand, placeholders } from "./sql-builder.js";
import { type SqlTemplate, sqlTemplate, toFragment } from "./sql-template.js";

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
export function compileComparison(value: ColumnRef | SqlFragment, test: ComparisonTest, operand: (scalar: Scalar) => SqlOperand): SqlFragment {
  return toFragment(comparisonTemplate(value, test, operand));
}

/** `value <op> operand(s)` as a template, for callers that join it into a larger condition. */
export function comparisonTemplate(value: ColumnRef | SqlFragment, test: ComparisonTest, operand: (scalar: Scalar) => SqlOperand): SqlTemplate {
  const [left, leftBinding] = value instanceof ColumnRef ? ["??", value.identifier] : ["?", value];
  switch (test.op) {
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return sqlTemplate(`${left} ${COMPARE_SQL[test.op]} ?`, [leftBinding, operand(test.value)]);
    case "in":
    case "not_in": {
      const bindings: SqlOperand[] = [leftBinding];
      for (const value of test.values) bindings.push(operand(value));
      return sqlTemplate(`${left} ${test.op === "in" ? "IN" : "NOT IN"} (${placeholders(test.values.length)})`, bindings);
    }
    case "between":
      return sqlTemplate(`${left} BETWEEN ? AND ?`, [leftBinding, operand(test.lower), operand(test.upper)]);
    default: {
      const impossible: never = test;
      throw new Error(`unknown comparison ${JSON.stringify(impossible)}`);
    }
  }
}
