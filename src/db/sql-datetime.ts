/** Conversions between epoch milliseconds and UTC `DATETIME(3)` text. */

/** `1700000000123` → `'2023-11-14 22:13:20.123'` (UTC). */
export function msToSqlDatetime(ms: number): string {
  return new Date(ms).toISOString().replace("T", " ").replace("Z", "");
}

/** `'2023-11-14 22:13:20.123'` (UTC, as returned with dateStrings) → epoch milliseconds. */
export function sqlDatetimeToMs(text: string): number {
  const ms = Date.parse(`${text.replace(" ", "T")}Z`);
  if (Number.isNaN(ms)) throw new Error(`not a DATETIME value: ${text}`);
  return ms;
}
