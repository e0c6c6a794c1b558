/**
 * Comparisons of one SQL value with operands: `= <> > >= < <=`, `IN`, `NOT IN` and inclusive
 * `BETWEEN`. The value is a column or whatever the caller built (a count, an aggregate); the
 * caller decides how NULL is kept out. The comparison is one template: the value's text
 * followed by the operator, the operands its bindings.
 */
import type { CompareOp, NumberTest, Scalar } from "../ir/nodes.js";
import { type SqlFragment, type SqlOperand, placeholders } from "./sql-builder.js";
import { SqlTemplate, fragmentTemplate, sqlTemplate, toFragment } from "./sql-template.js";

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

/** What a comparison compares: a knex fragment or a template (a column is `??` bound to it). */
export type ComparedValue = SqlFragment | SqlTemplate;

/** `value <op> operand(s)`; `operand` turns each scalar into SQL. */
export function compileComparison(value: ComparedValue, test: ComparisonTest, operand: (scalar: Scalar) => SqlOperand): SqlFragment {
  return toFragment(comparisonTemplate(value, test, operand));
}

/** `value <op> operand(s)` as a template, for callers that join it into a larger condition. */
export function comparisonTemplate(value: ComparedValue, test: ComparisonTest, operand: (scalar: Scalar) => SqlOperand): SqlTemplate {
  const left = value instanceof SqlTemplate ? value : fragmentTemplate(value);
  const bindings = left.bindings.slice();
  switch (test.op) {
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      bindings.push(operand(test.value));
      return sqlTemplate(`${left.text} ${COMPARE_SQL[test.op]} ?`, bindings);
    case "in":
    case "not_in":
      for (const value of test.values) bindings.push(operand(value));
      return sqlTemplate(`${left.text} ${test.op === "in" ? "IN" : "NOT IN"} (${placeholders(test.values.length)})`, bindings);
    case "between":
      bindings.push(operand(test.lower), operand(test.upper));
      return sqlTemplate(`${left.text} BETWEEN ? AND ?`, bindings);
    default: {
      const impossible: never = test;
      throw new Error(`unknown comparison ${JSON.stringify(impossible)}`);
    }
  }
}
