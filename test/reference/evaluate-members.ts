/**
 * The reference evaluator: decides a predicate for each customer of an in-memory dataset,
 * written only from docs/semantics.md and the IR types. It deliberately shares no code with
 * the SQL compiler, so the property tests compare two independent readings of the spec.
 *
 * It is strict: IR the spec calls invalid (empty and/or, operands of the wrong kind, a relation
 * inside `where`, an unexpanded segment) throws instead of guessing.
 */
import type { Expr, NumberTest, Quantifier, RelationScope, Scalar, ValueTest, Window } from "../../src/ir/nodes.js";
import type { FieldDef, FieldType } from "../../src/ir/field-types.js";
import { customValueColumn } from "../../src/catalog/custom-value-column.js";
import type { CustomerRow, Dataset } from "../../src/datagen/dataset.js";
import { indexDataset, type DatasetIndex, type RelatedRow } from "./dataset-index.js";
import { padSpaceCompare } from "./pad-space-compare.js";
import { compareRational, fromScalar, integer, type Rational } from "./exact-number.js";
import { resolveTimeBound } from "./relative-time.js";
import { matchesAnchored } from "./anchored-regex.js";

/** A present value as stored: text, integer, epoch ms (timestamps) or boolean. */
type Value = string | number | boolean;

interface Context {
  readonly index: DatasetIndex;
  readonly instantMs: number;
}

/** Ids of the customers for which `expr` is true at `instantMs`. */
export function evaluateMembers(expr: Expr, dataset: Dataset, instantMs: number): Set<number> {
  const ctx: Context = { index: indexDataset(dataset), instantMs };
  const members = new Set<number>();
  for (const customer of ctx.index.customers) {
    if (evalCustomer(expr, customer, ctx)) members.add(customer.id);
  }
  return members;
}

/** Whether `expr` is true for the customer with id `customerId` at `instantMs`. */
export function evaluateCustomer(expr: Expr, customerId: number, dataset: Dataset, instantMs: number): boolean {
  const index = indexDataset(dataset);
  const customer = index.customers.find((c) => c.id === customerId);
  if (!customer) throw new Error(`no customer with id ${customerId}`);
  return evalCustomer(expr, customer, { index, instantMs });
}

function evalCustomer(expr: Expr, customer: CustomerRow, ctx: Context): boolean {
  switch (expr.kind) {
    case "and":
      return nonEmpty(expr.items, expr.path).every((item) => evalCustomer(item, customer, ctx));
    case "or":
      return nonEmpty(expr.items, expr.path).some((item) => evalCustomer(item, customer, ctx));
    case "not":
      return !evalCustomer(expr.item, customer, ctx);
    case "condition":
      if (expr.field.scope !== "customer") throw new Error(`${expr.path}: field ${expr.field.path} of scope ${expr.field.scope} at customer level`);
      return testValue(expr.field.type, customerFieldValue(expr.field, customer, ctx), expr.test, ctx, expr.path);
    case "relation":
      return evalRelation(expr, customer, ctx);
    case "segment":
      if (expr.body === null) throw new Error(`${expr.path}: segment ${expr.segmentId} was not expanded`);
      return evalCustomer(expr.body, customer, ctx);
    default: {
      const impossible: never = expr;
      throw new Error(`unknown expression kind ${JSON.stringify(impossible)}`);
    }
  }
}

function nonEmpty(items: readonly Expr[], path: string): readonly Expr[] {
  if (items.length === 0) throw new Error(`${path}: and/or without children`);
  return items;
}

/** The value of a customer-scope field, or null when missing (§2). */
function customerFieldValue(field: FieldDef, customer: CustomerRow, ctx: Context): Value | null {
  switch (field.kind) {
    case "column":
      return asValue((customer as unknown as Record<string, unknown>)[field.column], field.path);
    case "custom": {
      const row = ctx.index.customValue(customer.id, field.definitionId);
      if (row === undefined) return null;
      return asValue(row[customValueColumn(field.type)], field.path);
    }
    default: {
      const impossible: never = field;
      throw new Error(`unknown field ${JSON.stringify(impossible)}`);
    }
  }
}

function asValue(raw: unknown, path: string): Value | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  throw new Error(`field ${path} holds an unexpected ${typeof raw}`);
}

// ------------------------------------------------------------------ value tests (§2, §3, §5)

/** A condition on one possibly missing value. */
function testValue(type: FieldType, value: Value | null, test: ValueTest, ctx: Context, path: string): boolean {
  switch (test.op) {
    case "exists":
      return value !== null;
    case "not_exists":
      return value === null;
    default:
      break;
  }
  if (value === null) return false;
  switch (test.op) {
    case "eq":
      return compareTo(type, value, test.value, ctx, path) === 0;
    case "neq":
      return compareTo(type, value, test.value, ctx, path) !== 0;
    case "gt":
      return ordered(type, path) && compareTo(type, value, test.value, ctx, path) > 0;
    case "gte":
      return ordered(type, path) && compareTo(type, value, test.value, ctx, path) >= 0;
    case "lt":
      return ordered(type, path) && compareTo(type, value, test.value, ctx, path) < 0;
    case "lte":
      return ordered(type, path) && compareTo(type, value, test.value, ctx, path) <= 0;
    case "between":
      return (
        ordered(type, path) &&
        compareTo(type, value, test.lower, ctx, path) >= 0 &&
        compareTo(type, value, test.upper, ctx, path) <= 0
      );
    case "in":
      return listOf(test.values, path).some((v) => compareTo(type, value, v, ctx, path) === 0);
    case "not_in":
      return listOf(test.values, path).every((v) => compareTo(type, value, v, ctx, path) !== 0);
    case "matches":
      if (type !== "string" || typeof value !== "string") throw new Error(`${path}: matches on a ${type} field`);
      return matchesAnchored(value, test.regex, test.caseInsensitive);
    default: {
      const impossible: never = test;
      throw new Error(`${path}: unknown operator ${JSON.stringify(impossible)}`);
    }
  }
}

function ordered(type: FieldType, path: string): true {
  if (type === "bool" || type === "enum") throw new Error(`${path}: ordering operator on a ${type} field`);
  return true;
}

function listOf(values: readonly Scalar[], path: string): readonly Scalar[] {
  if (values.length === 0) throw new Error(`${path}: in/not_in without values`);
  return values;
}

/** Sign of (stored value − operand) under the field type's comparison rules. */
function compareTo(type: FieldType, value: Value, operand: Scalar, ctx: Context, path: string): number {
  switch (type) {
    case "string":
    case "enum":
      if (typeof value !== "string" || operand.kind !== "string") throw operandError(path, type, operand);
      return padSpaceCompare(value, operand.value);
    case "integer":
    case "money":
      if (typeof value !== "number" || (operand.kind !== "number" && operand.kind !== "decimal")) throw operandError(path, type, operand);
      return compareRational(integer(value), fromScalar(operand));
    case "timestamp": {
      if (typeof value !== "number" || (operand.kind !== "timestamp" && operand.kind !== "relative_time")) throw operandError(path, type, operand);
      const at = resolveTimeBound(operand, ctx.instantMs);
      return Math.sign(value - at);
    }
    case "bool":
      if (typeof value !== "boolean" || operand.kind !== "bool") throw operandError(path, type, operand);
      return value === operand.value ? 0 : 1;
    default: {
      const impossible: never = type;
      throw new Error(`${path}: unknown field type ${String(impossible)}`);
    }
  }
}

function operandError(path: string, type: FieldType, operand: Scalar): Error {
  return new Error(`${path}: operand of kind ${operand.kind} on a ${type} field`);
}

// ------------------------------------------------------------------ relations (§6)

function evalRelation(expr: Extract<Expr, { kind: "relation" }>, customer: CustomerRow, ctx: Context): boolean {
  const q = expr.quantifier;
  if ("field" in q && (q.field.scope !== expr.scope || !q.field.aggregatable)) {
    throw new Error(`${expr.path}: ${q.kind} of ${q.field.scope}.${q.field.column}, not an aggregatable field of ${expr.scope}`);
  }
  const inWindow = applyWindow(ctx.index.related(expr.scope, customer.id), expr.scope, expr.window, ctx);
  const where = expr.where;
  const satisfying = where === null ? inWindow : inWindow.filter((row) => evalRow(where, row, expr.scope, ctx));
  return quantify(expr.quantifier, inWindow, satisfying, expr.path);
}

/** Rows in window order already (time desc, id desc). */
function applyWindow(rows: readonly RelatedRow[], scope: RelationScope, window: Window | null, ctx: Context): readonly RelatedRow[] {
  if (window === null) return rows;
  switch (window.kind) {
    case "last":
      if (!Number.isInteger(window.n) || window.n < 1 || window.n > 1000) throw new Error(`last ${window.n} is outside 1..1000`);
      return rows.slice(0, window.n);
    case "period": {
      if (window.from === null && window.to === null) throw new Error("period without bounds");
      const from = window.from === null ? -Infinity : resolveTimeBound(window.from, ctx.instantMs);
      const to = window.to === null ? Infinity : resolveTimeBound(window.to, ctx.instantMs);
      const timeColumn = NATURAL_TIME[scope];
      return rows.filter((row) => {
        const t = row[timeColumn] as number;
        return from <= t && t < to;
      });
    }
    default: {
      const impossible: never = window;
      throw new Error(`unknown window ${JSON.stringify(impossible)}`);
    }
  }
}

/** Natural time columns, as listed in docs/semantics.md §6. */
const NATURAL_TIME: Readonly<Record<RelationScope, string>> = {
  subscriptions: "started_at",
  invoices: "issued_at",
  wallets: "created_at",
  verifications: "created_at",
};

function quantify(q: Quantifier, inWindow: readonly RelatedRow[], satisfying: readonly RelatedRow[], path: string): boolean {
  switch (q.kind) {
    case "any":
      return satisfying.length > 0;
    case "all":
      return satisfying.length === inWindow.length;
    case "none":
      return satisfying.length === 0;
    case "count":
      return testNumber(integer(satisfying.length), q.test, path);
    case "sum": {
      let sum = 0n;
      for (const row of satisfying) sum += aggregateValue(row, q.field.column, path);
      return testNumber({ num: sum, den: 1n }, q.test, path);
    }
    case "min":
    case "max": {
      if (satisfying.length === 0) return false;
      let best: bigint | null = null;
      for (const row of satisfying) {
        const v = aggregateValue(row, q.field.column, path);
        if (best === null || (q.kind === "min" ? v < best : v > best)) best = v;
      }
      return testNumber({ num: best as bigint, den: 1n }, q.test, path);
    }
    case "avg": {
      if (satisfying.length === 0) return false;
      let sum = 0n;
      for (const row of satisfying) sum += aggregateValue(row, q.field.column, path);
      return testNumber({ num: sum, den: BigInt(satisfying.length) }, q.test, path);
    }
    default: {
      const impossible: never = q;
      throw new Error(`${path}: unknown quantifier ${JSON.stringify(impossible)}`);
    }
  }
}

function aggregateValue(row: RelatedRow, column: string, path: string): bigint {
  const v = row[column];
  if (typeof v !== "number" || !Number.isSafeInteger(v)) throw new Error(`${path}: aggregated column ${column} holds ${String(v)}`);
  return BigInt(v);
}

/** A test on a count or aggregate, which is always present here. */
function testNumber(x: Rational, test: NumberTest, path: string): boolean {
  const cmp = (s: Scalar): number => compareRational(x, fromScalar(s));
  switch (test.op) {
    case "eq":
      return cmp(test.value) === 0;
    case "neq":
      return cmp(test.value) !== 0;
    case "gt":
      return cmp(test.value) > 0;
    case "gte":
      return cmp(test.value) >= 0;
    case "lt":
      return cmp(test.value) < 0;
    case "lte":
      return cmp(test.value) <= 0;
    case "between":
      return cmp(test.lower) >= 0 && cmp(test.upper) <= 0;
    case "in":
      return listOf(test.values, path).some((v) => cmp(v) === 0);
    case "not_in":
      return listOf(test.values, path).every((v) => cmp(v) !== 0);
    default: {
      const impossible: never = test;
      throw new Error(`${path}: unknown number test ${JSON.stringify(impossible)}`);
    }
  }
}

/** A `where` expression on one related row: and/or/not/condition over the scope's fields. */
function evalRow(expr: Expr, row: RelatedRow, scope: RelationScope, ctx: Context): boolean {
  switch (expr.kind) {
    case "and":
      return nonEmpty(expr.items, expr.path).every((item) => evalRow(item, row, scope, ctx));
    case "or":
      return nonEmpty(expr.items, expr.path).some((item) => evalRow(item, row, scope, ctx));
    case "not":
      return !evalRow(expr.item, row, scope, ctx);
    case "condition": {
      const field = expr.field;
      if (field.kind !== "column" || field.scope !== scope) throw new Error(`${expr.path}: field ${field.path} is not a field of ${scope}`);
      return testValue(field.type, asValue(row[field.column], field.path), expr.test, ctx, expr.path);
    }
    case "relation":
    case "segment":
      throw new Error(`${expr.path}: ${expr.kind} inside a relation's where`);
    default: {
      const impossible: never = expr;
      throw new Error(`unknown expression kind ${JSON.stringify(impossible)}`);
    }
  }
}
