/** Readable, compact text of IR predicates and datasets for failure messages and reports. */
import type { Expr } from "../../src/ir/nodes.js";
import type { Dataset } from "../../src/datagen/dataset.js";

const iso = (ms: number): string => new Date(ms).toISOString();

/** JSON of an IR predicate with fields as their path, timestamps as ISO text, node paths omitted. */
export function describePredicate(expr: Expr): string {
  return JSON.stringify(expr, (key, value: unknown) => {
    if (key === "path") return undefined;
    if (key === "field" && value && typeof value === "object" && "path" in value) {
      const f = value as { path: string; scope: string; kind: string; definitionId?: number };
      return f.kind === "custom" ? `${f.path}#${f.definitionId}` : `${f.scope}.${f.path}`;
    }
    if (key === "epochMs" && typeof value === "number") return iso(value);
    return value;
  });
}

/** What a predicate looks at: relation scopes and custom field ids (segment bodies included). */
function touched(expr: Expr, into = { scopes: new Set<string>(), customIds: new Set<number>() }): typeof into {
  switch (expr.kind) {
    case "and":
    case "or":
      expr.items.forEach((item) => touched(item, into));
      break;
    case "not":
      touched(expr.item, into);
      break;
    case "condition":
      if (expr.field.kind === "custom") into.customIds.add(expr.field.definitionId);
      break;
    case "relation":
      into.scopes.add(expr.scope);
      break;
    case "segment":
      if (expr.body) touched(expr.body, into);
      break;
    default: {
      const impossible: never = expr;
      throw new Error(`unknown node ${JSON.stringify(impossible)}`);
    }
  }
  return into;
}

/** The rows of one customer that `expr` can look at (all of them without `expr`), times as ISO text. */
export function describeCustomer(dataset: Dataset, customerId: number, expr?: Expr): string {
  const seen = expr ? touched(expr) : null;
  const mine = <T extends { customer_id: number }>(scope: string, rows: readonly T[]): T[] | undefined =>
    seen && !seen.scopes.has(scope) ? undefined : rows.filter((r) => r.customer_id === customerId);
  const data = {
    customer: dataset.customers.find((c) => c.id === customerId),
    subscriptions: mine("subscriptions", dataset.subscriptions),
    invoices: mine("invoices", dataset.invoices),
    wallets: mine("wallets", dataset.wallets),
    verifications: mine("verifications", dataset.verifications),
    customFieldValues: dataset.customFieldValues.filter((v) => v.customer_id === customerId && (!seen || seen.customIds.has(v.field_id))),
  };
  return JSON.stringify(data, (key, value: unknown) =>
    typeof value === "number" && /(_at|_end|timestamp_value)$/.test(key) ? iso(value) : value,
  );
}
