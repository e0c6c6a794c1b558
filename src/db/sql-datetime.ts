/** Conversions between epoch milliseconds and UTC `DATETIME(3)` text, as sent to and read from the database. */

const SQL_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** `1700000000123` → `'2023-11-14 22:13:20.123'` (UTC). Throws outside years 0–9999. */
export function msToSqlDatetime(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs)) throw new RangeError(`not an integral epoch millisecond: ${epochMs}`);
  const iso = new Date(epochMs).toISOString();
  // toISOString gives ±YYYYYY outside years 0-9999, which DATETIME cannot hold anyway.
  if (iso.length !== 24) throw new RangeError(`instant outside DATETIME range: ${iso}`);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** `'2023-11-14 22:13:20.123'` (UTC, as returned with dateStrings) → epoch milliseconds. */
export function sqlDatetimeToMs(text: string): number {
  const m = SQL_DATETIME.exec(text);
  if (!m) throw new Error(`not a DATETIME value: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Number((frac ?? "0").padEnd(3, "0").slice(0, 3));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0–99 literally.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  return date.getTime();
}
