/**
 * Custom field definitions from `custom_field_definitions`, and the cached catalog built from
 * them. Definitions added while the service runs are noticed within the cache TTL
 * (docs/semantics.md §7) by a cheap fingerprint query, so an unchanged table costs one
 * aggregate query per TTL instead of a full reload.
 */
import type { Knex } from "knex";
import { buildFieldCatalog, CUSTOM_FIELD_KEY_SYNTAX, type CustomFieldDefinition, type FieldCatalog } from "./field-catalog.js";
import type { FieldType } from "../ir/field-types.js";

/** Where skipped definitions are reported (a pino logger fits). */
export interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/** A row of `custom_field_definitions` as the driver returns it. */
export interface CustomFieldDefinitionRow {
  readonly id: number;
  readonly key: string;
  readonly type: string;
  /** JSON text on MariaDB (JSON is LONGTEXT there), already parsed on MySQL 8. */
  readonly options: unknown;
  readonly description: string | null;
}

const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>(["string", "enum", "integer", "money", "bool", "timestamp"]);

const KEY_SYNTAX = CUSTOM_FIELD_KEY_SYNTAX;

function isFieldType(type: string): type is FieldType {
  return FIELD_TYPES.has(type);
}

function parseOptions(options: unknown): unknown {
  if (typeof options !== "string") return options;
  try {
    return JSON.parse(options) as unknown;
  } catch {
    return undefined;
  }
}

/** Enum options are stored either as a JSON array of strings or as `{"values": [...]}`. */
function enumOptions(options: unknown): unknown {
  if (typeof options === "object" && options !== null && !Array.isArray(options) && "values" in options) {
    return (options as { values: unknown }).values;
  }
  return options;
}

/**
 * Validates one row. Rows the catalog cannot represent (unknown type, unusable key, enum
 * options that are not a JSON array of strings) are skipped with a warning, so one bad row
 * never takes the whole catalog down.
 */
export function parseCustomFieldDefinitionRow(row: CustomFieldDefinitionRow, logger: WarnLogger): CustomFieldDefinition | undefined {
  const context = { customFieldId: row.id, key: row.key, type: row.type };
  if (!isFieldType(row.type)) {
    logger.warn(context, "skipping custom field definition with an unknown type");
    return undefined;
  }
  if (!KEY_SYNTAX.test(row.key)) {
    logger.warn(context, "skipping custom field definition whose key is not 1-64 characters of [A-Za-z0-9_-]");
    return undefined;
  }
  let enumValues: string[] = [];
  if (row.type === "enum") {
    const options = enumOptions(parseOptions(row.options));
    if (!Array.isArray(options) || !options.every((o): o is string => typeof o === "string")) {
      logger.warn(context, "skipping enum custom field definition whose options are not a JSON array of strings (or {\"values\": [...]})");
      return undefined;
    }
    enumValues = [...new Set(options)];
  }
  return { id: Number(row.id), key: row.key, type: row.type, enumValues, description: row.description ?? "" };
}

/** Loads every usable custom field definition. */
export async function loadCustomFieldDefinitions(knex: Knex, logger: WarnLogger): Promise<CustomFieldDefinition[]> {
  const rows = (await knex("custom_field_definitions")
    .select("id", "key", "type", "options", "description")
    .orderBy("id")) as CustomFieldDefinitionRow[];
  return rows.flatMap((row) => parseCustomFieldDefinitionRow(row, logger) ?? []);
}

/** Changes whenever a definition is added, removed, or updated with a new `updated_at`. */
async function definitionsFingerprint(knex: Knex): Promise<string> {
  const row = (await knex("custom_field_definitions")
    .count({ n: "*" })
    .max({ u: "updated_at" })
    .max({ m: "id" })
    .first()) as { n: number | string; u: string | null; m: number | null } | undefined;
  return JSON.stringify([Number(row?.n ?? 0), row?.u ?? null, row?.m ?? null]);
}

/** Options of {@link CustomFieldCatalogSource}. */
export interface CustomFieldCatalogSourceOptions {
  /** How long a catalog is served without checking the table (default 5000 ms). */
  readonly ttlMs?: number;
  readonly logger?: WarnLogger;
  /** Clock, for tests. */
  readonly now?: () => number;
  /** Least time between two forced reloads (fresh()), ms (default 1000). */
  readonly minReloadIntervalMs?: number;
}

const SILENT: WarnLogger = { warn: () => undefined };

/**
 * The current field catalog, cached for `ttlMs`. After the TTL the next call checks the
 * table's fingerprint (`COUNT(*)`, `MAX(updated_at)`, `MAX(id)`) and reloads only when it
 * changed; concurrent calls share one check. `invalidate()` forces a reload on the next call.
 * An in-place UPDATE that keeps `updated_at` is only seen after `invalidate()`.
 */
export class CustomFieldCatalogSource {
  private readonly ttlMs: number;
  private readonly logger: WarnLogger;
  private readonly now: () => number;
  private catalog: FieldCatalog | undefined;
  private fingerprint: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<FieldCatalog> | undefined;
  /** Bumped by invalidate(), so a refresh started before it cannot mark its result fresh. */
  private generation = 0;
  private readonly minReloadIntervalMs: number;
  /** The next forced reload, not started yet: every fresh() until it starts shares it. */
  private scheduledReload: Promise<FieldCatalog> | undefined;
  private runningReload: Promise<FieldCatalog> | undefined;
  private lastReloadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly knex: Knex,
    options: CustomFieldCatalogSourceOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.logger = options.logger ?? SILENT;
    this.now = options.now ?? Date.now;
    this.minReloadIntervalMs = options.minReloadIntervalMs ?? 1000;
  }

  /**
   * The catalog reloaded from the table after this call — rate-limited, because any caller can
   * ask for it (an unknown `custom.*` field in a request): forced reloads start at most once per
   * `minReloadIntervalMs`, one after another, and every caller waiting for the next one shares it.
   * A definition added before the call is in the result; the caller may wait up to the interval.
   */
  fresh(): Promise<FieldCatalog> {
    this.scheduledReload ??= this.reloadWhenAllowed();
    return this.scheduledReload;
  }

  private async reloadWhenAllowed(): Promise<FieldCatalog> {
    await this.runningReload?.catch(() => undefined);
    const wait = this.lastReloadAt + this.minReloadIntervalMs - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Callers from now on need a reload that starts after them: the next one.
    this.scheduledReload = undefined;
    this.lastReloadAt = this.now();
    this.invalidate();
    const run = this.current();
    this.runningReload = run;
    try {
      return await run;
    } finally {
      if (this.runningReload === run) this.runningReload = undefined;
    }
  }

  /** The catalog, at most `ttlMs` behind the table (immediately after invalidate()). */
  async current(): Promise<FieldCatalog> {
    if (this.catalog !== undefined && this.now() - this.checkedAt < this.ttlMs) return this.catalog;
    if (this.inFlight === undefined) {
      const refresh: Promise<FieldCatalog> = this.refresh().finally(() => {
        if (this.inFlight === refresh) this.inFlight = undefined;
      });
      this.inFlight = refresh;
    }
    return this.inFlight;
  }

  /** Makes the next current() reload the definitions. */
  invalidate(): void {
    this.generation++;
    this.fingerprint = undefined;
    this.checkedAt = Number.NEGATIVE_INFINITY;
    this.inFlight = undefined;
  }

  private async refresh(): Promise<FieldCatalog> {
    const generation = this.generation;
    // Fingerprint first: a change racing the load leaves an older fingerprint, which only
    // causes one extra reload later, never a missed change.
    const fingerprint = await definitionsFingerprint(this.knex);
    if (this.catalog !== undefined && fingerprint === this.fingerprint) {
      if (generation === this.generation) this.checkedAt = this.now();
      return this.catalog;
    }
    const catalog = buildFieldCatalog(await loadCustomFieldDefinitions(this.knex, this.logger));
    if (generation === this.generation) {
      this.catalog = catalog;
      this.fingerprint = fingerprint;
      this.checkedAt = this.now();
    }
    return catalog;
  }
}
