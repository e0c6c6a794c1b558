/** The generator's names for the DATETIME text conversions of src/db/sql-datetime.ts. */
export { msToSqlDatetime as formatSqlDatetime, sqlDatetimeToMs as parseSqlDatetime } from "../db/sql-datetime.js";
