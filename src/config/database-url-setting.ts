/**
 * DATABASE_URL, checked without connecting: a mysql:// (or mariadb://) URL with a database name.
 * Messages never echo the URL, which may carry a password.
 */
import { parseDatabaseUrl } from "../db/connect.js";
import type { EnvReader } from "./env-reader.js";

const NAME = "DATABASE_URL";
const SHAPE = "mysql://user:password@host:3306/database";

/** Reads DATABASE_URL (default: the local server's `segments` database). */
export function readDatabaseUrl(reader: EnvReader): string {
  const fallback = "mysql://root@127.0.0.1:3306/segments";
  const url = reader.string(NAME, fallback);
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    reader.problem(NAME, `must be a URL like ${SHAPE} (the value given is not a URL)`);
    return fallback;
  }
  if (parsedUrl.protocol !== "mysql:" && parsedUrl.protocol !== "mariadb:") {
    reader.problem(NAME, `must use the mysql:// scheme, like ${SHAPE}, got ${JSON.stringify(parsedUrl.protocol.slice(0, 20))}`);
    return fallback;
  }
  try {
    parseDatabaseUrl(url);
  } catch (err) {
    reader.problem(NAME, (err instanceof Error ? err.message : String(err)).replace(/^DATABASE_URL /, ""));
    return fallback;
  }
  return url;
}
