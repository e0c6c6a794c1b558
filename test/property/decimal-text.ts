/** Canonical decimal text (`-12.5`, `3`) of fractions, as avg operands. */

const SCALE = 10n ** 10n;

/** n / d truncated toward zero to at most 10 digits after the point. */
export function decimalText(n: bigint | number, d: bigint | number): string {
  const num = BigInt(n);
  const den = BigInt(d);
  if (den === 0n) throw new RangeError("division by zero");
  const negative = num < 0n !== den < 0n && num !== 0n;
  const abs = ((num < 0n ? -num : num) * SCALE) / (den < 0n ? -den : den);
  return scaledText(negative ? -abs : abs);
}

/** The decimal `steps` units of the 10th digit above `text` (neighbours of a truncated mean). */
export function stepDecimal(text: string, steps: bigint): string {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const frac = (m[3] ?? "").padEnd(10, "0");
  const scaled = BigInt((m[2] as string) + frac) * (m[1] ? -1n : 1n);
  return scaledText(scaled + steps);
}

function scaledText(scaled: bigint): string {
  const negative = scaled < 0n;
  const abs = negative ? -scaled : scaled;
  const whole = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(10, "0").replace(/0+$/, "");
  const text = frac === "" ? whole.toString() : `${whole}.${frac}`;
  return negative && text !== "0" ? `-${text}` : text;
}
