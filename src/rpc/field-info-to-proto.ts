/** Catalog field descriptions → the FieldInfo messages of `ListFields`. */
import { create } from "@bufbuild/protobuf";
import { Scope } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { type FieldInfo, FieldInfoSchema } from "../../gen/kontorion/segments/v1/segment_pb.js";
import type { FieldCatalog } from "../catalog/field-catalog.js";
import { type FieldDescription, listFields } from "../catalog/list-fields.js";
import { invalidArgument } from "../errors/user-error.js";
import { fieldTypeToProto, operatorToProto, relationScopeFromProto, scopeToProto } from "../lower/proto-enums.js";

/** One field description as a FieldInfo message. */
export function fieldInfoToProto(field: FieldDescription): FieldInfo {
  return create(FieldInfoSchema, {
    path: field.path,
    scope: scopeToProto(field.scope),
    type: fieldTypeToProto(field.type),
    enumValues: [...field.enumValues],
    nullable: field.nullable,
    indexed: field.indexed,
    operators: field.operators.map(operatorToProto),
    description: field.description,
    aggregatable: field.aggregatable,
  });
}

/**
 * The `ListFields` answer: SCOPE_UNSPECIFIED lists every field, a relation scope only its fields.
 * @throws UserError `invalid_argument` at `scope` for an unknown scope number.
 */
export function listFieldInfos(catalog: FieldCatalog, scope: Scope): FieldInfo[] {
  if (scope === Scope.UNSPECIFIED) return listFields(catalog, undefined).map(fieldInfoToProto);
  const relation = relationScopeFromProto(scope);
  if (relation === undefined) throw invalidArgument("scope", `unknown scope ${scope}`);
  return listFields(catalog, relation).map(fieldInfoToProto);
}
