/** Custom field definitions in the real database reach the catalog (docs/semantics.md §7). */
import type { Knex } from "knex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CustomFieldCatalogSource,
  loadCustomFieldDefinitions,
  type WarnLogger,
} from "../../src/catalog/custom-field-definitions.js";
import { migrateLatest } from "../../src/db/migration-source.js";
import { openLowerTestDatabase } from "../lower/lower-test-database.js";

let knex: Knex;
let definitionQueries = 0;

beforeAll(async () => {
  knex = await openLowerTestDatabase(2);
  await migrateLatest(knex);
  knex.on("query", (q: { sql: string }) => {
    if (q.sql.includes("custom_field_definitions")) definitionQueries++;
  });
});

afterAll(async () => {
  await knex.destroy();
});

beforeEach(async () => {
  await knex("custom_field_values").delete();
  await knex("custom_field_definitions").delete();
});

let nextMillis = Date.UTC(2024, 0, 1);

async function define(key: string, type: string, options: unknown = null, description = ""): Promise<void> {
  const at = new Date((nextMillis += 1000)).toISOString().replace("T", " ").replace("Z", "");
  await knex("custom_field_definitions").insert({
    key,
    type,
    options: options === null ? null : JSON.stringify(options),
    description,
    created_at: at,
    updated_at: at,
  });
}

function recordingLogger(): WarnLogger & { warnings: Array<{ obj: object; msg: string }> } {
  const warnings: Array<{ obj: object; msg: string }> = [];
  return { warnings, warn: (obj, msg) => warnings.push({ obj, msg }) };
}

function customPaths(catalog: { list(): readonly { path: string }[] }): string[] {
  return catalog.list().map((f) => f.path).filter((p) => p.startsWith("custom."));
}

describe("loadCustomFieldDefinitions", () => {
  it("loads every type and parses enum options", async () => {
    await define("industry", "enum", ["saas", "retail", "saas"], "Industry");
    await define("arr", "money");
    await define("seats", "integer");
    await define("vip", "bool");
    await define("renewal", "timestamp");
    await define("region", "string");
    await define("stage", "enum", { values: ["lead", "customer"] });
    const defs = await loadCustomFieldDefinitions(knex, recordingLogger());
    expect(defs.map((d) => [d.key, d.type, d.enumValues])).toEqual([
      ["industry", "enum", ["saas", "retail"]],
      ["arr", "money", []],
      ["seats", "integer", []],
      ["vip", "bool", []],
      ["renewal", "timestamp", []],
      ["region", "string", []],
      ["stage", "enum", ["lead", "customer"]],
    ]);
    expect(defs[0]?.description).toBe("Industry");
    expect(typeof defs[0]?.id).toBe("number");
  });

  it("skips unknown types, unusable keys and malformed enum options with a warning", async () => {
    await define("good", "string");
    await define("blob", "json");
    await define("Upper", "STRING");
    await define("has space", "string");
    await define("broken_enum", "enum", { a: 1 });
    await define("broken_values_enum", "enum", { values: "x" });
    await define("numbers_enum", "enum", [1, 2]);
    await define("no_options_enum", "enum");
    const logger = recordingLogger();
    const defs = await loadCustomFieldDefinitions(knex, logger);
    expect(defs.map((d) => d.key)).toEqual(["good"]);
    expect(logger.warnings.map((w) => (w.obj as { key: string }).key)).toEqual([
      "blob", "Upper", "has space", "broken_enum", "broken_values_enum", "numbers_enum", "no_options_enum",
    ]);
    expect(logger.warnings[0]?.msg).toContain("unknown type");
    expect(logger.warnings[2]?.msg).toContain("key");
    expect(logger.warnings[3]?.msg).toContain("options");
  });
});

describe("CustomFieldCatalogSource", () => {
  it("serves the cached catalog within the TTL without touching the table", async () => {
    let now = 0;
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 5000, now: () => now });
    await define("a", "string");
    expect(customPaths(await source.current())).toEqual(["custom.a"]);
    await define("b", "string");
    const before = definitionQueries;
    now = 4999;
    expect(customPaths(await source.current())).toEqual(["custom.a"]);
    expect(definitionQueries).toBe(before);
  });

  it("picks up a new definition after the TTL", async () => {
    let now = 0;
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 5000, now: () => now });
    await define("a", "string");
    await source.current();
    await define("b", "enum", ["x"]);
    now = 5000;
    const catalog = await source.current();
    expect(customPaths(catalog)).toEqual(["custom.a", "custom.b"]);
    expect(catalog.field("customer", "custom.b")?.enumValues).toEqual(["x"]);
  });

  it("after the TTL, checks with one cheap query and keeps the catalog when nothing changed", async () => {
    let now = 0;
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 1000, now: () => now });
    await define("a", "string");
    const first = await source.current();
    const before = definitionQueries;
    now = 1500;
    expect(await source.current()).toBe(first);
    expect(definitionQueries - before).toBe(1);
    now = 2000;
    expect(await source.current()).toBe(first);
    expect(definitionQueries - before).toBe(1);
  });

  it("notices removed definitions and updated ones (by updated_at)", async () => {
    let now = 0;
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 1000, now: () => now });
    await define("a", "enum", ["x"]);
    await define("b", "string");
    await source.current();
    await knex("custom_field_definitions").where({ key: "b" }).delete();
    await knex("custom_field_definitions")
      .where({ key: "a" })
      .update({ options: JSON.stringify(["x", "y"]), updated_at: "2030-01-01 00:00:00.000" });
    now = 1000;
    const catalog = await source.current();
    expect(customPaths(catalog)).toEqual(["custom.a"]);
    expect(catalog.field("customer", "custom.a")?.enumValues).toEqual(["x", "y"]);
  });

  it("reloads right after invalidate(), before the TTL", async () => {
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 60_000 });
    await define("a", "string");
    await source.current();
    await define("b", "integer");
    expect(customPaths(await source.current())).toEqual(["custom.a"]);
    source.invalidate();
    expect(customPaths(await source.current())).toEqual(["custom.a", "custom.b"]);
  });

  it("shares one refresh between concurrent callers", async () => {
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 60_000 });
    await define("a", "string");
    const before = definitionQueries;
    const catalogs = await Promise.all([source.current(), source.current(), source.current()]);
    expect(new Set(catalogs).size).toBe(1);
    expect(definitionQueries - before).toBe(2);
  });

  it("rate-limits forced reloads: 100 callers at once share one, later ones the next, after the interval", async () => {
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 60_000, minReloadIntervalMs: 300 });
    await define("a", "string");
    const before = definitionQueries;
    const started = Date.now();
    const first = await Promise.all(Array.from({ length: 100 }, () => source.fresh()));
    expect(new Set(first).size).toBe(1);
    expect(definitionQueries - before).toBe(2);
    await define("b", "integer");
    const beforeSecond = definitionQueries;
    const second = await Promise.all(Array.from({ length: 100 }, () => source.fresh()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(customPaths(second[0]!)).toEqual(["custom.a", "custom.b"]);
    expect(definitionQueries - beforeSecond).toBe(2);
  });

  it("a forced reload sees a definition added just before the call, even right after another reload", async () => {
    const source = new CustomFieldCatalogSource(knex, { ttlMs: 60_000, minReloadIntervalMs: 200 });
    await source.fresh();
    await define("late", "string");
    expect(customPaths(await source.fresh())).toEqual(["custom.late"]);
  });

  it("skips an unknown type with a warning and keeps the other fields", async () => {
    const logger = recordingLogger();
    const source = new CustomFieldCatalogSource(knex, { logger });
    await define("ok", "bool");
    await define("odd", "geo_point");
    const catalog = await source.current();
    expect(customPaths(catalog)).toEqual(["custom.ok"]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]?.obj).toMatchObject({ key: "odd", type: "geo_point" });
  });
});
