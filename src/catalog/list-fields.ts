/** The catalog as the `ListFields` response describes it. */
import { create } from "@bufbuild/protobuf";
import { Scope } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { type FieldInfo, FieldInfoSchema } from "../../gen/kontorion/segments/v1/segment_pb.js";
import { invalidArgument } from "../errors/user-error.js";
import type { FieldCatalog } from "./field-catalog.js";
import type { FieldDef } from "../ir/field-types.js";
import { operatorsForType } from "./operators-by-type.js";
import { fieldTypeToProto, operatorToProto, relationScopeFromProto, scopeToProto } from "./proto-enums.js";

/** One catalog field as a FieldInfo message. */
export function fieldInfo(field: FieldDef): FieldInfo {
  return create(FieldInfoSchema, {
    path: field.path,
    scope: scopeToProto(field.scope),
    type: fieldTypeToProto(field.type),
    enumValues: [...field.enumValues],
    nullable: field.nullable,
    indexed: field.indexed,
    operators: operatorsForType(field.type).map(operatorToProto),
    description: field.description,
    aggregatable: field.aggregatable,
  });
}

/**
 * The fields of the catalog in catalog order (customer built-ins, custom fields by key, then
 * each relation scope). SCOPE_UNSPECIFIED lists every field; a relation scope only its fields.
 * @throws UserError `invalid_argument` at `scope` for an unknown scope number.
 */
export function listFieldInfos(catalog: FieldCatalog, scope: Scope): FieldInfo[] {
  if (scope === Scope.UNSPECIFIED) return catalog.list().map(fieldInfo);
  const relation = relationScopeFromProto(scope);
  if (relation === undefined) throw invalidArgument("scope", `unknown scope ${scope}`);
  return catalog.list(relation).map(fieldInfo);
}
