/** Text form of UTC `DATETIME(3)` values, as sent to and read back from MySQL/MariaDB. */

const SQL_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/;

/** Formats epoch milliseconds as `YYYY-MM-DD HH:MM:SS.mmm` (UTC). */
export function formatSqlDatetime(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs)) throw new RangeError(`not an integral epoch millisecond: ${epochMs}`);
  const iso = new Date(epochMs).toISOString();
  // toISOString gives ±YYYYYY outside years 0-9999, which DATETIME cannot hold anyway.
  if (iso.length !== 24) throw new RangeError(`instant outside DATETIME range: ${iso}`);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Parses `YYYY-MM-DD HH:MM:SS[.fff]` as UTC epoch milliseconds. */
export function parseSqlDatetime(text: string): number {
  const m = SQL_DATETIME.exec(text);
  if (!m) throw new Error(`not a DATETIME text: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Number((frac ?? "0").padEnd(3, "0").slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  return date.getTime();
}
