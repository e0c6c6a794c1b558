/**
 * Secondary indexes of the billing tables, read from the live schema the migrations created, so
 * the bulk loader can drop them, load, and add back exactly the same ones (one ALTER per table:
 * InnoDB then builds each index by sorting instead of inserting row by row).
 */
import type { Connection } from "mysql2/promise";

/** One secondary index as SHOW INDEX describes it. */
export interface IndexDefinition {
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  /** Columns in order, with their prefix length when the index uses one. */
  readonly columns: readonly { readonly name: string; readonly subPart: number | null }[];
}

interface ShowIndexRow {
  Key_name: string;
  Non_unique: number | string;
  Seq_in_index: number | string;
  Column_name: string;
  Sub_part: number | string | null;
  Index_type: string;
}

const quote = (identifier: string): string => `\`${identifier.replace(/`/g, "``")}\``;

/** The secondary (non-primary) BTREE indexes of `table`. */
export async function readSecondaryIndexes(conn: Connection, table: string): Promise<IndexDefinition[]> {
  const [rows] = (await conn.query(`SHOW INDEX FROM ${quote(table)}`)) as unknown as [ShowIndexRow[]];
  const byName = new Map<string, { unique: boolean; columns: { seq: number; name: string; subPart: number | null }[] }>();
  for (const r of rows) {
    if (r.Key_name === "PRIMARY") continue;
    if (r.Index_type !== "BTREE") throw new Error(`${table}.${r.Key_name} is a ${r.Index_type} index; the bulk loader only rebuilds BTREE indexes`);
    const entry = byName.get(r.Key_name) ?? { unique: Number(r.Non_unique) === 0, columns: [] };
    entry.columns.push({ seq: Number(r.Seq_in_index), name: r.Column_name, subPart: r.Sub_part === null ? null : Number(r.Sub_part) });
    byName.set(r.Key_name, entry);
  }
  return [...byName].map(([name, e]) => ({
    table,
    name,
    unique: e.unique,
    columns: e.columns.sort((a, b) => a.seq - b.seq).map(({ name: column, subPart }) => ({ name: column, subPart })),
  }));
}

/** Drops `indexes` (all of one table) in one statement. Foreign key checks must be off. */
export async function dropIndexes(conn: Connection, table: string, indexes: readonly IndexDefinition[]): Promise<void> {
  if (indexes.length === 0) return;
  await conn.query(`ALTER TABLE ${quote(table)} ${indexes.map((i) => `DROP INDEX ${quote(i.name)}`).join(", ")}`);
}

/** Adds `indexes` (all of one table) in one statement. */
export async function addIndexes(conn: Connection, table: string, indexes: readonly IndexDefinition[]): Promise<void> {
  if (indexes.length === 0) return;
  const clauses = indexes.map((i) => {
    const columns = i.columns.map((c) => (c.subPart === null ? quote(c.name) : `${quote(c.name)}(${c.subPart})`)).join(", ");
    return `ADD ${i.unique ? "UNIQUE " : ""}INDEX ${quote(i.name)} (${columns})`;
  });
  await conn.query(`ALTER TABLE ${quote(table)} ${clauses.join(", ")}, ALGORITHM=INPLACE`);
}

/** `SHOW CREATE TABLE` of every table, without the AUTO_INCREMENT counter (it follows the data). */
export async function schemaSnapshot(conn: Connection, tables: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const table of tables) {
    const [rows] = (await conn.query(`SHOW CREATE TABLE ${quote(table)}`)) as unknown as [Array<Record<string, string>>];
    const ddl = rows[0]?.["Create Table"];
    if (ddl === undefined) throw new Error(`SHOW CREATE TABLE ${table} returned nothing`);
    out.set(table, ddl.replace(/ AUTO_INCREMENT=\d+/, ""));
  }
  return out;
}

/** Throws naming the first table whose definition differs between two snapshots. */
export function assertSameSchema(expected: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string>): void {
  for (const [table, ddl] of expected) {
    const got = actual.get(table);
    if (got !== ddl) throw new Error(`schema of ${table} differs from the migrations' after loading:\nexpected:\n${ddl}\ngot:\n${got ?? "(missing)"}`);
  }
}
