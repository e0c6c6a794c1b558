import { describe, expect, it } from "vitest";
import { ENUMS } from "../../src/catalog/builtin-fields.js";
import { DEFAULT_ANCHORS_MS, generateDataset, generateDatasetChunks } from "../../src/datagen/generate-dataset.js";
import type { Dataset } from "../../src/datagen/dataset.js";
import { addTimeUnits } from "../../src/ir/utc-calendar.js";

const data = generateDataset({ seed: 42, customers: 600 });

const codePointLength = (s: string): number => [...s].length;
const trimPad = (s: string): string => s.replace(/ +$/, "");

function mergeChunks(chunks: Iterable<Dataset>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const chunk of chunks) {
    for (const [key, rows] of Object.entries(chunk)) (out[key] ??= []).push(...(rows as unknown[]));
  }
  return out;
}

describe("generateDataset is deterministic", () => {
  it("gives equal data for equal seeds", () => {
    expect(generateDataset({ seed: 7, customers: 50 })).toEqual(generateDataset({ seed: 7, customers: 50 }));
  });

  it("gives other data for another seed", () => {
    expect(generateDataset({ seed: 8, customers: 50 }).customers).not.toEqual(generateDataset({ seed: 7, customers: 50 }).customers);
  });

  it.each([1, 7, 64, 1000])("does not depend on the chunk size (%i)", (chunkSize) => {
    const whole = generateDataset({ seed: 3, customers: 150 });
    expect(mergeChunks(generateDatasetChunks({ seed: 3, customers: 150 }, chunkSize))).toEqual(mergeChunks([whole]));
  });

  it("puts the definitions in the first chunk only", () => {
    const chunks = [...generateDatasetChunks({ seed: 3, customers: 20 }, 5)];
    expect(chunks.map((c) => c.customFieldDefinitions.length)).toEqual([12, 0, 0, 0]);
    expect(chunks.map((c) => c.customers.length)).toEqual([5, 5, 5, 5]);
  });

  it("respects the scale knobs", () => {
    const few = generateDataset({ seed: 1, customers: 400, invoicesPerCustomer: 1, noRelationsRate: 0 });
    const many = generateDataset({ seed: 1, customers: 400, invoicesPerCustomer: 20, noRelationsRate: 0 });
    expect(many.invoices.length).toBeGreaterThan(5 * few.invoices.length);
    expect(generateDataset({ seed: 1, customers: 10, firstCustomerId: 1000 }).customers.map((c) => c.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => 1000 + i),
    );
  });
});

describe("generated data fits the schema", () => {
  const maxLength: ReadonlyArray<readonly [keyof Dataset, string, number]> = [
    ["customers", "email", 320], ["customers", "name", 200], ["customers", "country", 2], ["customers", "status", 16],
    ["customers", "tier", 16], ["customers", "currency", 3], ["subscriptions", "plan", 64], ["subscriptions", "currency", 3],
    ["invoices", "number", 32], ["invoices", "currency", 3], ["wallets", "currency", 3], ["verifications", "kind", 16],
    ["customFieldValues", "string_value", 255],
  ];
  it.each(maxLength)("%s.%s fits VARCHAR(%i) in code points", (table, column, length) => {
    for (const row of data[table] as unknown as ReadonlyArray<Record<string, unknown>>) {
      const v = row[column];
      if (typeof v === "string") expect(codePointLength(v)).toBeLessThanOrEqual(length);
    }
  });

  it("uses only listed enum values", () => {
    for (const c of data.customers) {
      expect(ENUMS.customerStatus).toContain(c.status);
      if (c.tier !== null) expect(ENUMS.customerTier).toContain(c.tier);
    }
    for (const s of data.subscriptions) expect(ENUMS.subscriptionStatus).toContain(s.status);
    for (const i of data.invoices) expect(ENUMS.invoiceStatus).toContain(i.status);
    for (const v of data.verifications) {
      expect(ENUMS.verificationKind).toContain(v.kind);
      expect(ENUMS.verificationStatus).toContain(v.status);
    }
    const options = new Map(data.customFieldDefinitions.map((d) => [d.id, d.options?.values ?? null]));
    for (const v of data.customFieldValues) {
      const allowed = options.get(v.field_id);
      if (allowed && v.string_value !== null) expect(allowed).toContain(v.string_value);
    }
  });

  it("keeps unique keys unique under PAD SPACE", () => {
    const numbers = data.invoices.map((i) => trimPad(i.number));
    expect(new Set(numbers).size).toBe(numbers.length);
    const wallets = data.wallets.map((w) => `${w.customer_id}/${trimPad(w.currency)}`);
    expect(new Set(wallets).size).toBe(wallets.length);
    const values = data.customFieldValues.map((v) => `${v.customer_id}/${v.field_id}`);
    expect(new Set(values).size).toBe(values.length);
    for (const table of ["subscriptions", "invoices", "wallets", "verifications"] as const) {
      const ids = data[table].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("references existing customers and definitions", () => {
    const customers = new Set(data.customers.map((c) => c.id));
    for (const table of ["subscriptions", "invoices", "wallets", "verifications", "customFieldValues"] as const) {
      for (const row of data[table]) expect(customers.has(row.customer_id)).toBe(true);
    }
    const fields = new Set(data.customFieldDefinitions.map((d) => d.id));
    for (const v of data.customFieldValues) expect(fields.has(v.field_id)).toBe(true);
  });

  it("keeps numbers in their column ranges and times in DATETIME range", () => {
    const int32 = (n: number | null): void => {
      if (n !== null) expect(n >= -(2 ** 31) && n < 2 ** 31 && Number.isInteger(n)).toBe(true);
    };
    data.customers.forEach((c) => int32(c.employee_count));
    data.subscriptions.forEach((s) => int32(s.quantity));
    const safe = (n: number | null): void => {
      if (n !== null) expect(Number.isSafeInteger(n)).toBe(true);
    };
    data.subscriptions.forEach((s) => safe(s.mrr));
    data.invoices.forEach((i) => (safe(i.total), safe(i.amount_due)));
    data.wallets.forEach((w) => safe(w.balance));
    data.customFieldValues.forEach((v) => safe(v.int_value));
    const times = [
      ...data.customers.flatMap((c) => [c.created_at, c.updated_at]),
      ...data.invoices.flatMap((i) => [i.issued_at, i.due_at, i.paid_at]),
      ...data.subscriptions.flatMap((s) => [s.started_at, s.trial_end, s.current_period_end, s.canceled_at]),
    ];
    for (const t of times) if (t !== null) expect(Number.isSafeInteger(t) && t >= Date.UTC(1000, 0, 1) && t < Date.UTC(10000, 0, 1)).toBe(true);
  });
});

describe("generated data covers the edges of the semantics", () => {
  const nullable: ReadonlyArray<readonly [keyof Dataset, string]> = [
    ["customers", "email"], ["customers", "name"], ["customers", "country"], ["customers", "tier"], ["customers", "currency"],
    ["customers", "employee_count"], ["subscriptions", "trial_end"], ["subscriptions", "current_period_end"],
    ["subscriptions", "canceled_at"], ["invoices", "due_at"], ["invoices", "paid_at"], ["verifications", "verified_at"],
  ];
  it.each(nullable)("%s.%s has NULLs and values", (table, column) => {
    const rows = data[table] as unknown as ReadonlyArray<Record<string, unknown>>;
    expect(rows.some((r) => r[column] === null)).toBe(true);
    expect(rows.some((r) => r[column] !== null)).toBe(true);
  });

  it("has customers without any related row and customers with many", () => {
    const related = new Map<number, number>();
    for (const table of ["subscriptions", "invoices", "wallets", "verifications"] as const) {
      for (const r of data[table]) related.set(r.customer_id, (related.get(r.customer_id) ?? 0) + 1);
    }
    const without = data.customers.filter((c) => !related.has(c.id)).length;
    expect(without).toBeGreaterThan(data.customers.length * 0.05);
    expect(Math.max(...related.values())).toBeGreaterThan(20);
  });

  it.each([
    ["subscriptions", "started_at"],
    ["invoices", "issued_at"],
    ["verifications", "created_at"],
  ] as const)("%s has ties in %s within a customer, with ids not in time order", (table, column) => {
    const rows = data[table] as unknown as ReadonlyArray<Record<string, number>>;
    const seen = new Set<string>();
    let ties = 0;
    let idAgainstTime = 0;
    const lastByCustomer = new Map<number, Record<string, number>>();
    for (const r of rows) {
      const key = `${r["customer_id"]}/${r[column]}`;
      if (seen.has(key)) ties++;
      seen.add(key);
      const previous = lastByCustomer.get(r["customer_id"] as number);
      if (previous && (previous[column] as number) > (r[column] as number)) idAgainstTime++;
      lastByCustomer.set(r["customer_id"] as number, r);
    }
    expect(ties).toBeGreaterThan(3);
    expect(idAgainstTime).toBeGreaterThan(3);
  });

  it("has unicode text: accents, CJK, emoji, astral letters", () => {
    const texts = [...data.customers.flatMap((c) => [c.name, c.email]), ...data.customFieldValues.map((v) => v.string_value)].filter(
      (s): s is string => s !== null,
    );
    expect(texts.some((s) => /[À-ɏ]/u.test(s))).toBe(true);
    expect(texts.some((s) => /\p{Script=Han}/u.test(s))).toBe(true);
    expect(texts.some((s) => /\p{Extended_Pictographic}/u.test(s))).toBe(true);
    expect(texts.some((s) => [...s].some((ch) => (ch.codePointAt(0) as number) > 0xffff && !/\p{Extended_Pictographic}/u.test(ch)))).toBe(true);
  });

  it("has trailing spaces, tabs and case variants", () => {
    const names = data.customers.map((c) => c.name).filter((s): s is string => s !== null);
    expect(names.some((s) => / $/.test(s))).toBe(true);
    expect(names.some((s) => /\t$/.test(s))).toBe(true);
    expect(names.some((s) => s === "" || s === " ")).toBe(true);
    const countries = data.customers.map((c) => c.country);
    expect(countries).toContain("DE");
    expect(countries.some((c) => c !== null && c !== c.toUpperCase())).toBe(true);
    expect(countries.some((c) => c !== null && / $/.test(c))).toBe(true);
    const emails = data.customers.map((c) => c.email).filter((s): s is string => s !== null);
    expect(emails.some((e) => e !== e.toLowerCase() && emails.includes(e.toLowerCase()))).toBe(true);
    expect(emails.some((s) => / $/.test(s))).toBe(true);
    expect(data.subscriptions.some((s) => s.plan === "pro-monthly ")).toBe(true);
  });

  it("has boundary money and counts", () => {
    const money = [...data.invoices.map((i) => i.total), ...data.wallets.map((w) => w.balance), ...data.subscriptions.map((s) => s.mrr)];
    expect(money).toContain(0);
    expect(money.some((m) => m < 0)).toBe(true);
    expect(money.some((m) => m >= 1e11)).toBe(true);
    expect(data.wallets.some((w) => w.balance < 0)).toBe(true);
    expect(data.customers.map((c) => c.employee_count)).toContain(0);
  });

  it("has month ends, leap days and instants at exact offsets from the anchors", () => {
    const times = [...data.invoices.map((i) => i.issued_at), ...data.subscriptions.map((s) => s.started_at), ...data.customers.map((c) => c.created_at)];
    const monthEnd = (t: number): boolean => new Date(t + 1).getUTCDate() === 1 && new Date(t).getUTCMilliseconds() === 999;
    expect(times.some(monthEnd)).toBe(true);
    expect(times.some((t) => new Date(t).getUTCMonth() === 1 && new Date(t).getUTCDate() === 29)).toBe(true);
    const [anchor] = DEFAULT_ANCHORS_MS as [number];
    const aligned = new Set([-1, -2, -3, -6, -12].map((m) => addTimeUnits(anchor, m, "month")));
    expect(times.some((t) => aligned.has(t))).toBe(true);
  });

  it("has custom values of every type, and value rows whose typed value is NULL", () => {
    const byType = new Map(data.customFieldDefinitions.map((d) => [d.id, d.type]));
    const present = new Set<string>();
    let allNull = 0;
    for (const v of data.customFieldValues) {
      const type = byType.get(v.field_id) as string;
      if (v.string_value === null && v.int_value === null && v.bool_value === null && v.timestamp_value === null) allNull++;
      else present.add(type);
    }
    expect([...present].sort()).toEqual(["bool", "enum", "integer", "money", "string", "timestamp"]);
    expect(allNull).toBeGreaterThan(0);
    expect(data.customFieldValues.some((v) => v.int_value === Number.MAX_SAFE_INTEGER)).toBe(true);
  });
});
