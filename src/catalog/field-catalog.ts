/**
 * The field catalog of one moment: built-in columns plus the customer's custom fields
 * (`custom.<key>`). It is the only source of SQL identifiers and of field types for lowering.
 */
import type { ScopeName } from "../ir/nodes.js";
import { BUILTIN_FIELDS, RELATION_SCOPES } from "./builtin-fields.js";
import type { CustomField, FieldDef, FieldType } from "../ir/field-types.js";

/** A custom field definition as loaded from `custom_field_definitions`. */
export interface CustomFieldDefinition {
  /** Row id, bound as `field_id` in SQL. */
  readonly id: number;
  /** The key; the field's path is `custom.<key>`. */
  readonly key: string;
  readonly type: FieldType;
  /** Allowed values of an enum field, in definition order (empty for other types). */
  readonly enumValues: readonly string[];
  readonly description: string;
}

/** Lookup of the fields a condition can test, by scope. */
export interface FieldCatalog {
  /** The field at `path` in `scope`, or undefined when there is none. */
  field(scope: ScopeName, path: string): FieldDef | undefined;
  /**
   * Fields in catalog order: customer built-ins, custom fields by key, then each relation
   * scope's fields. With a scope, only that scope's fields (customer includes custom fields).
   */
  list(scope?: ScopeName): readonly FieldDef[];
}

/** Prefix of custom field paths. */
export const CUSTOM_FIELD_PREFIX = "custom.";

/** Keys that make readable, unambiguous paths `custom.<key>`; no other key can be defined. */
export const CUSTOM_FIELD_KEY_SYNTAX = /^[A-Za-z0-9_-]{1,64}$/;

/** The catalog field of a custom field definition. */
export function customFieldDef(definition: CustomFieldDefinition): CustomField {
  return {
    kind: "custom",
    path: `${CUSTOM_FIELD_PREFIX}${definition.key}`,
    scope: "customer",
    key: definition.key,
    definitionId: definition.id,
    type: definition.type,
    enumValues: definition.type === "enum" ? [...definition.enumValues] : [],
    nullable: true,
    // The (field_id, string/int/timestamp value) indexes serve these; there is none on bool_value.
    indexed: definition.type !== "bool",
    aggregatable: false,
    description: definition.description,
  };
}

/** Builds the catalog from the built-in fields and the given custom field definitions. */
export function buildFieldCatalog(custom: readonly CustomFieldDefinition[]): FieldCatalog {
  const customFields = custom
    .map(customFieldDef)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byScope = new Map<ScopeName, FieldDef[]>([["customer", []]]);
  for (const scope of RELATION_SCOPES) byScope.set(scope, []);
  for (const field of BUILTIN_FIELDS) byScope.get(field.scope)?.push(field);
  byScope.get("customer")?.push(...customFields);

  const byPath = new Map<ScopeName, Map<string, FieldDef>>();
  for (const [scope, fields] of byScope) byPath.set(scope, new Map(fields.map((field) => [field.path, field])));
  const all: readonly FieldDef[] = [...byScope.values()].flat();

  return {
    field: (scope, path) => byPath.get(scope)?.get(path),
    list: (scope) => (scope === undefined ? all : (byScope.get(scope) ?? [])),
  };
}
