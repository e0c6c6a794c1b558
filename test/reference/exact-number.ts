/**
 * Exact rationals over BigInt for aggregates: sums of 64-bit money never lose precision and
 * `avg` compares the true mean with a decimal operand (docs/semantics.md §6).
 */
import type { Scalar } from "../../src/ir/nodes.js";

/** num / den with den > 0 (not necessarily reduced). */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** An integer as a rational. */
export function integer(n: number | bigint): Rational {
  if (typeof n === "number" && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  return { num: BigInt(n), den: 1n };
}

/** Parses canonical decimal text such as `-12.5` or `3`. */
export function decimal(text: string): Rational {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const frac = m[3] ?? "";
  const digits = BigInt((m[2] as string) + frac);
  return { num: m[1] ? -digits : digits, den: 10n ** BigInt(frac.length) };
}

/** The rational value of a numeric operand (`number` or `decimal`). */
export function fromScalar(s: Scalar): Rational {
  switch (s.kind) {
    case "number":
      return integer(s.value);
    case "decimal":
      return decimal(s.value);
    case "string":
    case "bool":
    case "timestamp":
    case "relative_time":
      throw new Error(`operand of kind ${s.kind} is not a number`);
    default: {
      const impossible: never = s;
      throw new Error(`unknown scalar ${JSON.stringify(impossible)}`);
    }
  }
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareRational(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
