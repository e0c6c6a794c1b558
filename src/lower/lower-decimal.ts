/**
 * Exact decimal text of `decimal_value` (at most 38 digits, 10 after the point), canonicalized
 * so equal numbers have equal text: `"012.50"` → `"12.5"`, `"-0.0"` → `"0"`.
 */
import { invalidArgument } from "../errors/user-error.js";

/** Most significant digits of a decimal. */
export const MAX_DECIMAL_DIGITS = 38;
/** Most digits after the point. */
export const MAX_DECIMAL_FRACTION_DIGITS = 10;
/** Longest accepted text, leading and trailing zeros included. */
const MAX_DECIMAL_TEXT = 100;

/** A canonical decimal. */
export interface CanonicalDecimal {
  /** Canonical text: optional `-`, no leading zeros, no trailing fractional zeros, no `+`. */
  readonly text: string;
  readonly integral: boolean;
}

/** Parses and canonicalizes decimal text; `path` is the decimal_value's path. */
export function parseDecimal(raw: string, path: string): CanonicalDecimal {
  if (raw.length > MAX_DECIMAL_TEXT) throw invalidArgument(path, `decimal text is longer than ${MAX_DECIMAL_TEXT} characters`, "LIMIT_EXCEEDED");
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(raw);
  if (!m || `${m[2] ?? ""}${m[3] ?? ""}` === "") {
    throw invalidArgument(path, `${JSON.stringify(raw)} is not a decimal number: write digits with an optional sign and point, e.g. "-12.5"`);
  }
  const intDigits = (m[2] ?? "").replace(/^0+/, "");
  const fracDigits = (m[3] ?? "").replace(/0+$/, "");
  if (fracDigits.length > MAX_DECIMAL_FRACTION_DIGITS) {
    throw invalidArgument(path, `decimal ${raw} has more than ${MAX_DECIMAL_FRACTION_DIGITS} digits after the point`);
  }
  if (intDigits.length + fracDigits.length > MAX_DECIMAL_DIGITS) {
    throw invalidArgument(path, `decimal ${raw} has more than ${MAX_DECIMAL_DIGITS} significant digits`);
  }
  const magnitude = `${intDigits || "0"}${fracDigits ? `.${fracDigits}` : ""}`;
  const negative = m[1] === "-" && magnitude !== "0";
  return { text: `${negative ? "-" : ""}${magnitude}`, integral: fracDigits === "" };
}

/** The decimal's value times 10^10, exactly; for comparisons. */
export function scaledDecimal(text: string): bigint {
  const negative = text.startsWith("-");
  const [intPart = "0", fracPart = ""] = (negative ? text.slice(1) : text).split(".");
  const scaled = BigInt(intPart + fracPart.padEnd(MAX_DECIMAL_FRACTION_DIGITS, "0"));
  return negative ? -scaled : scaled;
}
