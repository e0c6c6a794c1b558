import { describe, expect, it } from "vitest";
import { BUILTIN_FIELDS, RELATION_SCOPES } from "../../src/catalog/builtin-fields.js";
import { buildFieldCatalog, type CustomFieldDefinition } from "../../src/catalog/field-catalog.js";
import { customValueColumn } from "../../src/catalog/custom-value-column.js";

const CUSTOM: readonly CustomFieldDefinition[] = [
  { id: 7, key: "segment_b", type: "enum", enumValues: ["x", "y"], description: "B" },
  { id: 3, key: "arr", type: "money", enumValues: [], description: "Annual revenue" },
  { id: 9, key: "beta", type: "bool", enumValues: ["ignored"], description: "" },
  { id: 4, key: "Zed", type: "timestamp", enumValues: [], description: "" },
];

describe("buildFieldCatalog", () => {
  const catalog = buildFieldCatalog(CUSTOM);

  it("finds built-in fields by scope and path", () => {
    expect(catalog.field("customer", "country")).toMatchObject({ kind: "column", table: "customers", column: "country", type: "string" });
    expect(catalog.field("invoices", "amount_due")).toMatchObject({ kind: "column", table: "invoices", aggregatable: true });
  });

  it("keeps scopes apart: a field of one scope is unknown in another", () => {
    expect(catalog.field("customer", "plan")).toBeUndefined();
    expect(catalog.field("subscriptions", "country")).toBeUndefined();
    expect(catalog.field("invoices", "custom.arr")).toBeUndefined();
  });

  it("adds custom fields under custom.<key> in the customer scope", () => {
    expect(catalog.field("customer", "custom.arr")).toEqual({
      kind: "custom",
      path: "custom.arr",
      scope: "customer",
      key: "arr",
      definitionId: 3,
      type: "money",
      enumValues: [],
      nullable: true,
      indexed: true,
      aggregatable: false,
      description: "Annual revenue",
    });
    expect(catalog.field("customer", "arr")).toBeUndefined();
  });

  it("keeps enum values only for enum custom fields", () => {
    expect(catalog.field("customer", "custom.segment_b")?.enumValues).toEqual(["x", "y"]);
    expect(catalog.field("customer", "custom.beta")?.enumValues).toEqual([]);
  });

  it("marks custom fields indexed except bool (no (field_id, bool_value) index)", () => {
    expect(catalog.field("customer", "custom.beta")?.indexed).toBe(false);
    expect(catalog.field("customer", "custom.Zed")?.indexed).toBe(true);
    expect(catalog.field("customer", "custom.segment_b")?.indexed).toBe(true);
  });

  it("lists customer built-ins, then custom fields by key, then every relation scope", () => {
    const paths = catalog.list().map((f) => `${f.scope}:${f.path}`);
    const customerBuiltins = BUILTIN_FIELDS.filter((f) => f.scope === "customer").map((f) => `customer:${f.path}`);
    const relations = RELATION_SCOPES.flatMap((s) => BUILTIN_FIELDS.filter((f) => f.scope === s).map((f) => `${s}:${f.path}`));
    expect(paths).toEqual([
      ...customerBuiltins,
      "customer:custom.Zed",
      "customer:custom.arr",
      "customer:custom.beta",
      "customer:custom.segment_b",
      ...relations,
    ]);
  });

  it("lists one scope when asked", () => {
    expect(catalog.list("wallets").map((f) => f.path)).toEqual(["id", "currency", "balance", "created_at"]);
    expect(catalog.list("customer").filter((f) => f.kind === "custom")).toHaveLength(4);
  });

  it("maps each custom type to its value column", () => {
    expect(
      (["string", "enum", "integer", "money", "bool", "timestamp"] as const).map((t) => customValueColumn(t)),
    ).toEqual(["string_value", "string_value", "int_value", "int_value", "bool_value", "timestamp_value"]);
  });
});
