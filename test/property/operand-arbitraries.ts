/**
 * Operands of conditions and aggregate tests: mostly values that occur in the data, plus
 * near misses (±1, ±1 ms, trailing spaces, other case) and edge values (empty string, astral
 * characters, integer limits, month ends, leap days, relative times that land exactly on
 * generated rows).
 */
import fc from "fast-check";
import type { FieldDef } from "../../src/ir/field-types.js";
import type { NumberTest, Scalar, TimeBound, TimeUnit, ValueTest } from "../../src/ir/nodes.js";
import { operatorsForType } from "../../src/catalog/operators-by-type.js";
import { padSpaceCompare } from "../reference/pad-space-compare.js";
import { compareRational, fromScalar } from "../reference/exact-number.js";
import type { PredicateUniverse, ValuePool } from "./predicate-universe.js";
import { patternArbitrary } from "./regex-arbitrary.js";
import { decimalText } from "./decimal-text.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Strings at the edges of the collation rules. */
export const EDGE_STRINGS: readonly string[] = [
  "", " ", "  ", "\t", "DE", "DE ", "de", "De", "D", "Z", "a", "é", "e\u0301", "😀", "\uFF21", "𝔘", "zzzz", "ß", "東京商事", "Acme",
  "ACME", "acme ", "a\u00A0", "vip\n", "line1\nline2", "a".repeat(1000), `${"Z".repeat(998)}😀`,
  "back\\slash", "\\", "%", "_", "a_b", "it's", "\"", "\u0000", "nul\u0000inside",
];

const EDGE_NUMBERS: readonly number[] = [0, 1, -1, 2, 2_147_483_647, -2_147_483_648, 1_000_000_000_000, -1_000_000_000_000, MAX_SAFE, -MAX_SAFE];

const EDGE_TIMES: readonly number[] = [
  Date.UTC(2024, 1, 29, 10, 15),
  Date.UTC(2024, 1, 29, 23, 59, 59, 999),
  Date.UTC(2025, 1, 28, 10, 15),
  Date.UTC(2025, 2, 31, 10, 15),
  Date.UTC(2025, 2, 31, 23, 59, 59, 999),
  Date.UTC(2025, 3, 1),
  Date.UTC(2019, 0, 1),
  Date.UTC(2000, 0, 1),
  Date.UTC(1969, 11, 31, 23, 59, 59, 999),
  Date.UTC(1000, 0, 1),
  Date.UTC(9999, 11, 31, 23, 59, 59, 999),
  new Date("0999-12-31T23:59:59.999Z").getTime(),
  new Date("0001-01-01T00:00:00.000Z").getTime(),
];

const RELATIVE_RANGES: ReadonlyArray<readonly [TimeUnit, number, number]> = [
  ["day", -130, 40],
  ["week", -35, 8],
  ["month", -26, 6],
  ["year", -5, 2],
  ["hour", -80, 24],
  ["minute", -120, 120],
  ["second", -120, 120],
];

/** A relative time, with amounts where the generator placed rows. */
export const relativeTime: fc.Arbitrary<Extract<Scalar, { kind: "relative_time" }>> = fc
  .constantFrom(...RELATIVE_RANGES)
  .chain(([unit, lo, hi]) => fc.integer({ min: lo, max: hi }).map((amount) => ({ kind: "relative_time" as const, amount, unit })));

/** Two relative times in the same unit, ordered (month/year addition is monotonic). */
const orderedRelativePair = fc
  .constantFrom(...RELATIVE_RANGES)
  .chain(([unit, lo, hi]) =>
    fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi })).map(([a, b]): [Scalar, Scalar] => [
      { kind: "relative_time", amount: Math.min(a, b), unit },
      { kind: "relative_time", amount: Math.max(a, b), unit },
    ]),
  );

function mutateString(s: string, how: number): string {
  switch (how % 10) {
    case 8:
      return s.normalize("NFD").replace(/\p{M}/gu, "");
    case 9:
      return [...s].map((ch, i) => (i % 2 === 0 ? ch.toUpperCase() : ch.toLowerCase())).join("");
    case 0:
      return `${s} `;
    case 1:
      return s.replace(/ +$/, "");
    case 2:
      return s.toUpperCase();
    case 3:
      return s.toLowerCase();
    case 4:
      return [...s].slice(0, -1).join("");
    case 5:
      return `${s}\t`;
    case 6:
      return `${s}a`;
    default:
      return `${s}  `;
  }
}

const fromPool = <T>(items: readonly T[], fallback: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...(items.length > 0 ? items : fallback));

function stringOperand(pool: ValuePool): fc.Arbitrary<Scalar> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fromPool(pool.strings, EDGE_STRINGS) },
      { weight: 3, arbitrary: fc.tuple(fromPool(pool.strings, EDGE_STRINGS), fc.nat()).map(([s, how]) => mutateString(s, how)) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
    )
    .map((value) => ({ kind: "string" as const, value }));
}

function numberOperand(numbers: readonly number[]): fc.Arbitrary<Scalar> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fromPool(numbers, EDGE_NUMBERS) },
      { weight: 2, arbitrary: fc.tuple(fromPool(numbers, EDGE_NUMBERS), fc.constantFrom(-1, 1)).map(([n, d]) => n + d) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
    )
    .filter((n) => Number.isSafeInteger(n))
    .map((value) => ({ kind: "number" as const, value }));
}

function absoluteTime(times: readonly number[]): fc.Arbitrary<Extract<Scalar, { kind: "timestamp" }>> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fromPool(times, EDGE_TIMES) },
      { weight: 2, arbitrary: fc.tuple(fromPool(times, EDGE_TIMES), fc.constantFrom(-1, 1)).map(([t, d]) => t + d) },
      { weight: 1, arbitrary: fc.constantFrom(...EDGE_TIMES) },
    )
    .map((epochMs) => ({ kind: "timestamp" as const, epochMs }));
}

/** A time bound: absolute (from `times`) or relative. */
export function timeBound(times: readonly number[]): fc.Arbitrary<TimeBound> {
  return fc.oneof({ weight: 3, arbitrary: absoluteTime(times) }, { weight: 2, arbitrary: relativeTime });
}

/** One operand fitting a field. */
export function operandFor(field: FieldDef, universe: PredicateUniverse): fc.Arbitrary<Scalar> {
  const pool = universe.pool(field);
  switch (field.type) {
    case "string":
      return stringOperand(pool);
    case "enum":
      return fc.constantFrom(...field.enumValues).map((value) => ({ kind: "string" as const, value }));
    case "integer":
    case "money":
      return numberOperand(pool.numbers);
    case "timestamp":
      return timeBound(pool.times);
    case "bool":
      return fc.boolean().map((value) => ({ kind: "bool" as const, value }));
    default: {
      const impossible: never = field.type;
      throw new Error(`unknown type ${String(impossible)}`);
    }
  }
}

/** Two operands with lower <= upper under the field type's order (never a rejected range). */
function orderedPair(field: FieldDef, universe: PredicateUniverse): fc.Arbitrary<[Scalar, Scalar]> {
  if (field.type === "timestamp") {
    const absolute = fc.tuple(absoluteTime(universe.pool(field).times), absoluteTime(universe.pool(field).times)).map(
      ([a, b]): [Scalar, Scalar] => (a.epochMs <= b.epochMs ? [a, b] : [b, a]),
    );
    return fc.oneof({ weight: 3, arbitrary: absolute }, { weight: 2, arbitrary: orderedRelativePair });
  }
  const one = operandFor(field, universe);
  const order = ([a, b]: [Scalar, Scalar]): [Scalar, Scalar] => (compareOperands(a, b) <= 0 ? [a, b] : [b, a]);
  const independent = fc.tuple(one, one).map(order);
  const same = one.map((a): [Scalar, Scalar] => [a, a]);
  if (field.type !== "string") return fc.oneof({ weight: 5, arbitrary: independent }, { weight: 1, arbitrary: same });
  // Bounds that differ only in case, accents or padding: equal under other collations.
  const variant = fc
    .tuple(fromPool(universe.pool(field).strings, EDGE_STRINGS), fc.nat())
    .map(([v, how]): [Scalar, Scalar] => order([{ kind: "string", value: v }, { kind: "string", value: mutateString(v, how) }]));
  return fc.oneof({ weight: 4, arbitrary: independent }, { weight: 1, arbitrary: same }, { weight: 2, arbitrary: variant });
}

function compareOperands(a: Scalar, b: Scalar): number {
  if (a.kind === "string" && b.kind === "string") return padSpaceCompare(a.value, b.value);
  if (a.kind === "number" && b.kind === "number") return a.value - b.value;
  throw new Error(`cannot order ${a.kind} and ${b.kind}`);
}

/** Every valid test on a field: each operator the field type allows, with fitting operands. */
export function valueTestFor(field: FieldDef, universe: PredicateUniverse): fc.Arbitrary<ValueTest> {
  const one = operandFor(field, universe);
  const tests = operatorsForType(field.type).map((op): fc.Arbitrary<ValueTest> => {
    switch (op) {
      case "eq":
      case "neq":
      case "gt":
      case "gte":
      case "lt":
      case "lte":
        return one.map((value) => ({ op, value }));
      case "in":
      case "not_in":
        return fc
          .oneof(
            { weight: 90, arbitrary: fc.array(one, { minLength: 1, maxLength: 6 }) },
            { weight: 10, arbitrary: fc.array(one, { minLength: 20, maxLength: 60 }) },
            // The limit of docs §9: 1,000 values.
            { weight: 1, arbitrary: fc.array(one, { minLength: 1000, maxLength: 1000 }) },
          )
          .map((values) => ({ op, values }));
      case "between":
        return orderedPair(field, universe).map(([lower, upper]) => ({ op, lower, upper }));
      case "exists":
      case "not_exists":
        return fc.constant({ op });
      case "matches":
        return fc
          .tuple(patternArbitrary(universe.pool(field).strings), fc.boolean())
          .map(([regex, caseInsensitive]) => ({ op, regex, caseInsensitive }));
      default: {
        const impossible: never = op;
        throw new Error(`unknown operator ${String(impossible)}`);
      }
    }
  });
  return fc.oneof(...tests);
}

/** A test on a count (small non-negative integers around typical counts). */
export const countTest: fc.Arbitrary<NumberTest> = numberTest(
  fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 10, 1000) }).map((value) => ({
    kind: "number" as const,
    value,
  })),
  (a, b) => (a as { value: number }).value - (b as { value: number }).value,
);

/** A test on sum/min/max of a field: per-customer aggregates that occur in the data. */
export function aggregateTest(values: readonly number[], means: readonly string[] | null): fc.Arbitrary<NumberTest> {
  const integral = numberOperand(values);
  const operand: fc.Arbitrary<Scalar> = means !== null
    ? fc.oneof(
        { weight: 3, arbitrary: integral },
        { weight: 5, arbitrary: fromPool(means, ["0", "1.5"]).map((value) => ({ kind: "decimal" as const, value })) },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom("99999999999999999999999999.9999999999", "-99999999999999999999999999.9999999999", "0.0000000001", "-0.0000000001")
            .map((value) => ({ kind: "decimal" as const, value })),
        },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fromPool(values, EDGE_NUMBERS), fc.constantFrom(2, 3, 4, 7))
            .filter(([v]) => Math.abs(v) < 1e15)
            .map(([v, d]) => ({ kind: "decimal" as const, value: decimalText(v, d) })),
        },
        {
          weight: 1,
          arbitrary: fc.tuple(fromPool(values, EDGE_NUMBERS), fc.constantFrom("5", "25", "0000000001", "9999999999")).map(
            ([v, frac]) => ({ kind: "decimal" as const, value: `${v}.${frac}` }),
          ),
        },
      )
    : integral;
  return numberTest(operand, (a, b) => compareRational(fromScalar(a), fromScalar(b)));
}

function numberTest(operand: fc.Arbitrary<Scalar>, compare: (a: Scalar, b: Scalar) => number): fc.Arbitrary<NumberTest> {
  return fc.oneof(
    fc.tuple(fc.constantFrom("eq", "neq", "gt", "gte", "lt", "lte" as const), operand).map(([op, value]): NumberTest => ({ op, value })),
    fc.tuple(fc.constantFrom("in", "not_in" as const), fc.array(operand, { minLength: 1, maxLength: 4 })).map(([op, values]): NumberTest => ({ op, values })),
    fc.tuple(operand, operand).map(([a, b]): NumberTest => (compare(a, b) <= 0 ? { op: "between", lower: a, upper: b } : { op: "between", lower: b, upper: a })),
  );
}
