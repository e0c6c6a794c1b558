/** The catalog as `ListFields` describes it: each field with the operators its type accepts. */
import type { FieldCatalog } from "./field-catalog.js";
import type { FieldDef, FieldType, Operator } from "../ir/field-types.js";
import type { RelationScope, ScopeName } from "../ir/nodes.js";
import { operatorsForType } from "./operators-by-type.js";

/** What a caller learns about one catalog field (no SQL identifiers). */
export interface FieldDescription {
  readonly path: string;
  readonly scope: ScopeName;
  readonly type: FieldType;
  readonly enumValues: readonly string[];
  readonly nullable: boolean;
  readonly indexed: boolean;
  readonly operators: readonly Operator[];
  readonly description: string;
  readonly aggregatable: boolean;
}

/** One catalog field as callers see it. */
export function describeField(field: FieldDef): FieldDescription {
  return {
    path: field.path,
    scope: field.scope,
    type: field.type,
    enumValues: field.enumValues,
    nullable: field.nullable,
    indexed: field.indexed,
    operators: operatorsForType(field.type),
    description: field.description,
    aggregatable: field.aggregatable,
  };
}

/**
 * The fields of the catalog in catalog order (customer built-ins, custom fields by key, then
 * each relation scope); with a relation scope, only that scope's fields.
 */
export function listFields(catalog: FieldCatalog, scope: RelationScope | undefined): FieldDescription[] {
  return (scope === undefined ? catalog.list() : catalog.list(scope)).map(describeField);
}
