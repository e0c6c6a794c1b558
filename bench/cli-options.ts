/**
 * Checked conversions for the bench scripts' options, which are read with node:util `parseArgs`
 * (strict: an unknown option or a missing value is an error).
 */

/** `text` as an integer of at least `min`, `fallback` when the option was not given. */
export function integerOption(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(text)}`);
  return value;
}

/** A comma-separated option as its items, each one of `allowed` when given; `fallback` when absent. */
export function listOption<T extends string>(name: string, text: string | undefined, fallback: readonly T[], allowed?: readonly T[]): T[] {
  if (text === undefined) return [...fallback];
  return text.split(",").map((item) => {
    if (allowed !== undefined && !(allowed as readonly string[]).includes(item)) throw new Error(`--${name} takes ${allowed.join(",")}, got ${item}`);
    return item as T;
  });
}
