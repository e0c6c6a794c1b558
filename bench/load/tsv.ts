/**
 * Text rows for `LOAD DATA ... FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY
 * '\n'`: NULL is `\N`, and the characters the format gives a meaning to are escaped, so any
 * text (tabs and line breaks in names included) loads byte for byte.
 */

/** A value of one field: text, a number (written as is), or NULL. */
export type TsvValue = string | number | null;

/** The clause that tells LOAD DATA how {@link tsvLine} formats rows. */
export const TSV_FORMAT_CLAUSE = "CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n'";

const SPECIAL = /[\\\t\n\r\0]/;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0" };

/** One field, escaped. */
export function tsvField(value: TsvValue): string {
  if (value === null) return "\\N";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new RangeError(`only safe integers are written, got ${value}`);
    return String(value);
  }
  return SPECIAL.test(value) ? value.replace(/[\\\t\n\r\0]/g, (c) => ESCAPES[c] as string) : value;
}

/** One row, newline-terminated. */
export function tsvLine(values: readonly TsvValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += "\t";
    line += tsvField(values[i] as TsvValue);
  }
  return line + "\n";
}
