/**
 * Custom fields: the definition rows of CUSTOM_FIELD_DEFINITIONS and one customer's typed value
 * rows, some with the typed column NULL.
 */
import { CUSTOM_FIELD_DEFINITIONS } from "./custom-field-definitions.js";
import type { CustomFieldDefinitionRow, CustomFieldValueRow, CustomerRow } from "./dataset.js";
import { anchoredTime, timeBetween } from "./generate-times.js";
import type { ResolvedOptions } from "./generator-options.js";
import type { Prng } from "./prng.js";
import { money } from "./value-draws.js";
import { FIRST_NAMES, LAST_NAMES, NICKNAMES } from "./vocabulary.js";

/** The definition rows, ids 1..n in CUSTOM_FIELD_DEFINITIONS order, created at the start of the time range. */
export function customFieldDefinitionRows(o: ResolvedOptions): CustomFieldDefinitionRow[] {
  const createdAt = o.fromMs;
  return CUSTOM_FIELD_DEFINITIONS.map((d, i) => ({
    id: i + 1,
    key: d.key,
    type: d.type,
    options: d.type === "enum" ? { values: d.enumValues } : null,
    description: d.description,
    created_at: createdAt,
    updated_at: createdAt,
  }));
}

/** The custom field value rows of a customer: a row for a share of the definitions. */
export function generateCustomValues(
  prng: Prng,
  o: ResolvedOptions,
  customer: CustomerRow,
  definitions: readonly CustomFieldDefinitionRow[],
): CustomFieldValueRow[] {
  const out: CustomFieldValueRow[] = [];
  for (const def of definitions) {
    if (!prng.chance(o.customFieldFillRate)) continue;
    const row: { -readonly [K in keyof CustomFieldValueRow]: CustomFieldValueRow[K] } = {
      customer_id: customer.id,
      field_id: def.id,
      string_value: null,
      int_value: null,
      bool_value: null,
      timestamp_value: null,
    };
    // A value row whose typed column is NULL is a missing value too (docs/semantics.md §2).
    if (!prng.chance(0.08)) {
      switch (def.type) {
        case "string":
          row.string_value =
            CUSTOM_FIELD_DEFINITIONS[def.id - 1]?.stringPool === "people" ? `${prng.pick(FIRST_NAMES)} ${prng.pick(LAST_NAMES)}` : prng.pick(NICKNAMES);
          break;
        case "enum":
          row.string_value = prng.pick(def.options?.values ?? []);
          break;
        case "integer":
          row.int_value = prng.weighted<() => number>([
            [() => prng.int(-100, 500), 90],
            [() => 0, 5],
            [() => Number.MAX_SAFE_INTEGER, 2],
            [() => -Number.MAX_SAFE_INTEGER, 2],
          ])();
          break;
        case "money":
          row.int_value = money(prng, [0, 10_000_000]);
          break;
        case "bool":
          row.bool_value = prng.chance(0.5);
          break;
        case "timestamp":
          row.timestamp_value = prng.chance(0.7) ? timeBetween(prng, o, customer.created_at, o.toMs) : anchoredTime(prng, o, 60);
          break;
        default: {
          const impossible: never = def.type;
          throw new Error(`unknown custom field type ${String(impossible)}`);
        }
      }
    }
    out.push(row);
  }
  return out;
}