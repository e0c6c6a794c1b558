import { describe, expect, it } from "vitest";
import { Operator, Scope } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import { FieldType } from "../../gen/kontorion/segments/v1/segment_pb.js";
import { buildFieldCatalog } from "../../src/catalog/field-catalog.js";
import { listFieldInfos } from "../../src/rpc/field-info-to-proto.js";
import { UserError } from "../../src/errors/user-error.js";

const catalog = buildFieldCatalog([
  { id: 2, key: "industry", type: "enum", enumValues: ["saas", "retail"], description: "Industry" },
  { id: 1, key: "arr", type: "money", enumValues: [], description: "ARR" },
]);

describe("listFieldInfos", () => {
  it("lists everything with SCOPE_UNSPECIFIED: customer fields, custom fields by key, then relation scopes", () => {
    const infos = listFieldInfos(catalog, Scope.UNSPECIFIED);
    const order = infos.map((f) => `${Scope[f.scope]}:${f.path}`);
    expect(order.slice(0, 13)).toEqual([
      "UNSPECIFIED:id", "UNSPECIFIED:email", "UNSPECIFIED:name", "UNSPECIFIED:country", "UNSPECIFIED:status",
      "UNSPECIFIED:tier", "UNSPECIFIED:currency", "UNSPECIFIED:tax_exempt", "UNSPECIFIED:employee_count",
      "UNSPECIFIED:created_at", "UNSPECIFIED:updated_at", "UNSPECIFIED:custom.arr", "UNSPECIFIED:custom.industry",
    ]);
    const scopesInOrder = [...new Set(infos.map((f) => f.scope))];
    expect(scopesInOrder).toEqual([Scope.UNSPECIFIED, Scope.SUBSCRIPTIONS, Scope.INVOICES, Scope.WALLETS, Scope.VERIFICATIONS]);
    expect(infos).toHaveLength(catalog.list().length);
  });

  it("describes a custom enum field completely", () => {
    const industry = listFieldInfos(catalog, Scope.UNSPECIFIED).find((f) => f.path === "custom.industry");
    expect(industry).toMatchObject({
      path: "custom.industry",
      scope: Scope.UNSPECIFIED,
      type: FieldType.ENUM,
      enumValues: ["saas", "retail"],
      nullable: true,
      indexed: true,
      operators: [Operator.EQ, Operator.NEQ, Operator.IN, Operator.NOT_IN, Operator.EXISTS, Operator.NOT_EXISTS],
      description: "Industry",
      aggregatable: false,
    });
  });

  it("describes a built-in string field with matches and the ordering operators", () => {
    const email = listFieldInfos(catalog, Scope.UNSPECIFIED).find((f) => f.path === "email");
    expect(email?.type).toBe(FieldType.STRING);
    expect(email?.operators).toEqual([
      Operator.EQ, Operator.NEQ, Operator.IN, Operator.NOT_IN, Operator.GT, Operator.GTE, Operator.LT, Operator.LTE,
      Operator.BETWEEN, Operator.EXISTS, Operator.NOT_EXISTS, Operator.MATCHES,
    ]);
  });

  it("filters by a relation scope and marks aggregatable fields", () => {
    const invoices = listFieldInfos(catalog, Scope.INVOICES);
    expect(invoices.map((f) => f.path)).toEqual(["id", "number", "status", "total", "amount_due", "currency", "issued_at", "due_at", "paid_at"]);
    expect(invoices.every((f) => f.scope === Scope.INVOICES)).toBe(true);
    expect(invoices.filter((f) => f.aggregatable).map((f) => f.path)).toEqual(["total", "amount_due"]);
    expect(invoices.find((f) => f.path === "total")?.type).toBe(FieldType.MONEY);
  });

  it("rejects an unknown scope number at path scope", () => {
    expect(() => listFieldInfos(catalog, 42 as Scope)).toThrow(UserError);
    try {
      listFieldInfos(catalog, 42 as Scope);
    } catch (err) {
      expect(err).toMatchObject({ code: "invalid_argument", path: "scope" });
    }
  });
});
