/** Shared catalog and helpers of the lowering tests. */
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { expect } from "vitest";
import { type Predicate, PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { buildFieldCatalog } from "../../src/catalog/field-catalog.js";
import type { FieldDef } from "../../src/ir/field-types.js";
import { UserError } from "../../src/errors/user-error.js";
import type { Expr, ScopeName } from "../../src/ir/nodes.js";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";

/** Built-ins plus one custom field of every type. */
export const CATALOG = buildFieldCatalog([
  { id: 11, key: "industry", type: "enum", enumValues: ["saas", "retail"], description: "Industry" },
  { id: 12, key: "arr", type: "money", enumValues: [], description: "Annual recurring revenue" },
  { id: 13, key: "seats", type: "integer", enumValues: [], description: "" },
  { id: 14, key: "vip", type: "bool", enumValues: [], description: "" },
  { id: 15, key: "renewal_at", type: "timestamp", enumValues: [], description: "" },
  { id: 16, key: "region", type: "string", enumValues: [], description: "" },
]);

/** The catalog field at `path` of `scope`, which must exist. */
export function field(scope: ScopeName, path: string): FieldDef {
  const found = CATALOG.field(scope, path);
  if (found === undefined) throw new Error(`test catalog has no ${scope} field ${path}`);
  return found;
}

/** Parses the JSON form a curl user sends. */
export function predicateFromJson(json: JsonValue): Predicate {
  return fromJson(PredicateSchema, json);
}

/** Lowers the JSON form at path `predicate`. */
export function lowerJson(json: JsonValue, scope: ScopeName = "customer"): Expr {
  return lowerPredicate(predicateFromJson(json), "predicate", CATALOG, scope);
}

/** The user error thrown by `run`, failing the test when nothing (or something else) is thrown. */
export function userErrorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error("expected a UserError, but lowering succeeded");
}

/** Asserts an INVALID_ARGUMENT at exactly `path` whose message contains every fragment. */
export function expectInvalid(run: () => unknown, path: string, ...fragments: string[]): void {
  const err = userErrorOf(run);
  expect({ code: err.code, path: err.path }).toEqual({ code: "invalid_argument", path });
  for (const fragment of fragments) expect(err.detail).toContain(fragment);
}

/** A condition node in JSON form. */
export function cond(fieldPath: string, operator: string, operand: Record<string, JsonValue> = {}): JsonValue {
  return { condition: { field: fieldPath, operator, ...operand } };
}

/** A relation node in JSON form. */
export function rel(relation: Record<string, JsonValue>): JsonValue {
  return { relation };
}
