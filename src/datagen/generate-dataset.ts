/**
 * Deterministic, realistic billing data for tests, benchmarks and the demo: customers with
 * 0..n subscriptions, invoices, wallets (one per currency) and verifications, and typed custom
 * field values. The data is built to exercise the edges of docs/semantics.md: NULL in every
 * nullable column, customers without any related row, ties in natural time order, unicode
 * text, trailing spaces and case variants, zero/negative/huge money, month ends, leap days,
 * and instants at exact unit offsets from the anchors predicates are evaluated at.
 *
 * Every customer draws from its own PRNG stream (seed, customer index), so the rows do not
 * depend on the chunk size of the streaming form.
 */
import { ENUMS } from "../catalog/builtin-fields.js";
import { MS, addCalendarMonths, addUnits, endOfMonth, startOfMonth, type OffsetUnit } from "./calendar.js";
import type {
  CustomFieldDefinitionRow,
  CustomFieldValueRow,
  CustomerRow,
  Dataset,
  DatasetChunk,
  InvoiceRow,
  SubscriptionRow,
  VerificationRow,
  WalletRow,
} from "./dataset.js";
import { createPrng, mixSeed, type Prng } from "./prng.js";
import {
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COUNTRY_WEIGHTS,
  EMAIL_DOMAINS,
  EMAIL_LOCALS,
  FIRST_NAMES,
  LAST_NAMES,
  NICKNAMES,
  PLANS,
  WALLET_CURRENCIES,
  currencyOfCountry,
} from "./vocabulary.js";
import { CUSTOM_FIELD_DEFINITIONS } from "./custom-field-definitions.js";

/** Default instants the generated data is aligned to: a 31-day month end and a leap day. */
export const DEFAULT_ANCHORS_MS: readonly number[] = [Date.UTC(2025, 2, 31, 10, 15, 0, 0), Date.UTC(2024, 1, 29, 10, 15, 0, 0)];

/** Knobs of the generator. Means are per customer that has related rows at all. */
export interface GenerateDatasetOptions {
  /** Any integer; equal seeds and options give equal data. */
  readonly seed: number;
  /** Number of customers. */
  readonly customers: number;
  /** Id of the first customer (ids are consecutive). Default 1. */
  readonly firstCustomerId?: number;
  /** Mean subscriptions per customer. Default 1.5. */
  readonly subscriptionsPerCustomer?: number;
  /** Mean invoices per customer. Default 8. */
  readonly invoicesPerCustomer?: number;
  /** Mean verifications per customer. Default 1.2. */
  readonly verificationsPerCustomer?: number;
  /** Most wallets of one customer (each in another currency). Default 3. */
  readonly maxWalletsPerCustomer?: number;
  /** Share of customers without any related row. Default 0.12. */
  readonly noRelationsRate?: number;
  /** Share of (customer, custom field) pairs that have a value row. Default 0.5. */
  readonly customFieldFillRate?: number;
  /** Instants some timestamps sit at exact unit offsets from. Default {@link DEFAULT_ANCHORS_MS}. */
  readonly anchorsMs?: readonly number[];
  /** Earliest customer creation. Default 2019-01-01. */
  readonly fromMs?: number;
  /** Latest customer creation. Default: the first anchor. */
  readonly toMs?: number;
}

/** Options with every default filled in. */
type Resolved = Required<GenerateDatasetOptions>;

function resolve(options: GenerateDatasetOptions): Resolved {
  if (!Number.isSafeInteger(options.customers) || options.customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${options.customers}`);
  }
  const anchorsMs = options.anchorsMs ?? DEFAULT_ANCHORS_MS;
  if (anchorsMs.length === 0) throw new RangeError("anchorsMs must not be empty");
  const resolved: Resolved = {
    seed: options.seed,
    customers: options.customers,
    firstCustomerId: options.firstCustomerId ?? 1,
    subscriptionsPerCustomer: options.subscriptionsPerCustomer ?? 1.5,
    invoicesPerCustomer: options.invoicesPerCustomer ?? 8,
    verificationsPerCustomer: options.verificationsPerCustomer ?? 1.2,
    maxWalletsPerCustomer: options.maxWalletsPerCustomer ?? 3,
    noRelationsRate: options.noRelationsRate ?? 0.12,
    customFieldFillRate: options.customFieldFillRate ?? 0.5,
    anchorsMs,
    fromMs: options.fromMs ?? Date.UTC(2019, 0, 1),
    toMs: options.toMs ?? (anchorsMs[0] as number),
  };
  if (!(resolved.fromMs < resolved.toMs)) throw new RangeError("fromMs must be before toMs");
  return resolved;
}

/** Next ids of the related tables; advanced as customers are generated in order. */
interface IdCounters {
  subscription: number;
  invoice: number;
  wallet: number;
  verification: number;
}

/** Generates a whole dataset in memory. */
export function generateDataset(options: GenerateDatasetOptions): Dataset {
  const out = {
    customers: [] as CustomerRow[],
    subscriptions: [] as SubscriptionRow[],
    invoices: [] as InvoiceRow[],
    wallets: [] as WalletRow[],
    verifications: [] as VerificationRow[],
    customFieldDefinitions: [] as CustomFieldDefinitionRow[],
    customFieldValues: [] as CustomFieldValueRow[],
  };
  for (const chunk of generateDatasetChunks(options, 5000)) {
    for (const key of Object.keys(out) as Array<keyof typeof out>) {
      const target = out[key] as unknown[];
      for (const row of chunk[key]) target.push(row);
    }
  }
  return out;
}

/**
 * Generates the dataset as chunks of `chunkSize` consecutive customers with their related
 * rows, so millions of customers can be produced and loaded without holding them all.
 * The concatenation of the chunks equals {@link generateDataset} for the same options.
 */
export function* generateDatasetChunks(options: GenerateDatasetOptions, chunkSize = 10_000): Generator<DatasetChunk> {
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
  const o = resolve(options);
  const definitions = customFieldDefinitionRows(o);
  const ids: IdCounters = { subscription: 1, invoice: 1, wallet: 1, verification: 1 };
  let first = true;
  for (let start = 0; start < o.customers || first; start += chunkSize) {
    const chunk = {
      customers: [] as CustomerRow[],
      subscriptions: [] as SubscriptionRow[],
      invoices: [] as InvoiceRow[],
      wallets: [] as WalletRow[],
      verifications: [] as VerificationRow[],
      customFieldDefinitions: first ? definitions : [],
      customFieldValues: [] as CustomFieldValueRow[],
    };
    first = false;
    const end = Math.min(o.customers, start + chunkSize);
    for (let index = start; index < end; index++) {
      const prng = createPrng(mixSeed(o.seed, index));
      const customer = generateCustomer(prng, o, o.firstCustomerId + index);
      chunk.customers.push(customer);
      const hasRelations = !prng.chance(o.noRelationsRate);
      if (hasRelations) {
        chunk.subscriptions.push(...generateSubscriptions(prng, o, customer, ids));
        chunk.invoices.push(...generateInvoices(prng, o, customer, ids));
        chunk.wallets.push(...generateWallets(prng, o, customer, ids));
        chunk.verifications.push(...generateVerifications(prng, o, customer, ids));
      }
      chunk.customFieldValues.push(...generateCustomValues(prng, o, customer, definitions));
    }
    yield chunk;
  }
}

function customFieldDefinitionRows(o: Resolved): CustomFieldDefinitionRow[] {
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

// ---------------------------------------------------------------- time

const TIME_UNITS: ReadonlyArray<readonly [OffsetUnit, number]> = [
  ["day", 5], ["week", 2], ["month", 4], ["year", 1], ["hour", 1], ["minute", 0.5],
];

/** An instant at a whole number of units from an anchor (often exactly on a relative bound). */
function anchoredTime(prng: Prng, o: Resolved, maxAhead = 0): number {
  const anchor = prng.pick(o.anchorsMs);
  const unit = prng.weighted(TIME_UNITS);
  const reach = unit === "year" ? 4 : unit === "month" ? 24 : unit === "week" ? 30 : unit === "day" ? 120 : 72;
  const amount = prng.int(-reach, Math.min(maxAhead, reach));
  return addUnits(anchor, amount, unit);
}

/** A realistic instant in [from, to], with month ends, leap days and anchored instants mixed in. */
function timeBetween(prng: Prng, o: Resolved, from: number, to: number): number {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const kind = prng.weighted([["uniform", 70], ["month-end", 8], ["month-start", 4], ["leap-day", 3], ["anchored", 15]] as const);
  switch (kind) {
    case "uniform": {
      const t = prng.int(lo, hi);
      // Many systems write whole seconds; keep both kinds.
      return prng.chance(0.5) ? t - (t % 1000) : t;
    }
    case "month-end":
      return endOfMonth(prng.int(lo, hi));
    case "month-start":
      return startOfMonth(prng.int(lo, hi));
    case "leap-day":
      return Date.UTC(prng.pick([2020, 2024]), 1, 29, prng.int(0, 23), prng.int(0, 59), prng.int(0, 59), prng.pick([0, 0, 999]));
    case "anchored":
      return anchoredTime(prng, o);
    default: {
      const impossible: never = kind;
      throw new Error(`unknown time kind ${String(impossible)}`);
    }
  }
}

/**
 * Natural times for `n` rows of one customer: mostly increasing, with ties (several rows at
 * the very same instant) that windows must break by id.
 */
function naturalTimes(prng: Prng, o: Resolved, n: number, from: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const previous = times[prng.int(0, Math.max(0, times.length - 1))];
    times.push(previous !== undefined && prng.chance(0.2) ? previous : timeBetween(prng, o, from, o.toMs));
  }
  return times;
}

/** How many related rows: none for some, an exponential tail around the mean for others. */
function countAround(prng: Prng, mean: number): number {
  if (mean <= 0) return 0;
  const n = Math.floor(-Math.log(1 - prng.next()) * (mean + 0.5));
  return Math.min(n, Math.ceil(mean * 8) + 2);
}

// ---------------------------------------------------------------- customers

/**
 * One value of a catalog enum, by weight: the weights name enum values (checked by the type),
 * and a value the catalog adds later still occurs, with weight 1.
 */
function enumValue<T extends string>(prng: Prng, values: readonly T[], weights: Partial<Record<T, number>>): T {
  return prng.weighted(values.map((v) => [v, weights[v] ?? 1] as const));
}

function trailingSpaces(prng: Prng): string {
  return prng.pick([" ", " ", "  "]);
}

function generateCountry(prng: Prng): string | null {
  const c = prng.weighted(COUNTRY_WEIGHTS);
  return prng.weighted<string | null>([
    [c, 85],
    [null, 8],
    [c.toLowerCase(), 3],
    [c.charAt(0) + c.charAt(1).toLowerCase(), 1],
    // VARCHAR(2) leaves room for one letter plus a padding space only.
    [c.charAt(0) + " ", 1.5],
    ["", 0.5],
  ]);
}

function generateName(prng: Prng): string | null {
  const base = prng.chance(0.6)
    ? prng.pick(COMPANY_STEMS) + prng.pick(COMPANY_SUFFIXES)
    : `${prng.pick(FIRST_NAMES)} ${prng.pick(LAST_NAMES)}`;
  return prng.weighted<string | null>([
    [base, 82],
    [null, 5],
    [base + trailingSpaces(prng), 4],
    [base + "\t", 1],
    [base + "\n", 1],
    [base.toUpperCase(), 2],
    [base.toLowerCase(), 2],
    ["", 1],
    [" ", 0.5],
    [prng.pick(FIRST_NAMES), 2.5],
  ]);
}

function generateEmail(prng: Prng): string | null {
  const local = prng.pick(EMAIL_LOCALS);
  const domain = prng.pick(EMAIL_DOMAINS);
  const email = `${local}${prng.chance(0.3) ? String(prng.int(1, 99)) : ""}@${domain}`;
  return prng.weighted<string | null>([
    [email, 80],
    [null, 8],
    [email.toUpperCase(), 3],
    [local.charAt(0).toUpperCase() + email.slice(1), 3],
    [email + trailingSpaces(prng), 3],
    [`${local}@${domain}`, 3],
  ]);
}

function generateEmployeeCount(prng: Prng): number | null {
  return prng.weighted<() => number | null>([
    [() => null, 30],
    [() => prng.int(1, 10), 25],
    [() => prng.int(11, 500), 25],
    [() => prng.int(501, 100_000), 12],
    [() => 0, 4],
    [() => 2_147_483_647, 1],
    [() => -1, 1],
    [() => -2_147_483_648, 0.5],
  ])();
}

function generateCustomer(prng: Prng, o: Resolved, id: number): CustomerRow {
  const country = generateCountry(prng);
  const homeCurrency = currencyOfCountry((country ?? "US").toUpperCase().padEnd(2, "X"));
  const createdAt = timeBetween(prng, o, o.fromMs, o.toMs);
  const updatedAt = prng.chance(0.25) ? createdAt : createdAt + prng.int(0, Math.max(0, o.toMs - createdAt));
  return {
    id,
    email: generateEmail(prng),
    name: generateName(prng),
    country,
    status: enumValue(prng, ENUMS.customerStatus, { active: 60, inactive: 15, suspended: 8, churned: 17 }),
    tier: prng.chance(0.1) ? null : enumValue(prng, ENUMS.customerTier, { free: 35, starter: 28, growth: 23, enterprise: 13 }),
    currency: prng.weighted<string | null>([[homeCurrency, 90], [null, 6], [homeCurrency.toLowerCase(), 2], ["EUR", 2]]),
    tax_exempt: prng.chance(0.1),
    employee_count: generateEmployeeCount(prng),
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

// ---------------------------------------------------------------- related rows

function money(prng: Prng, typical: readonly [number, number]): number {
  return prng.weighted<() => number>([
    [() => prng.int(typical[0], typical[1]), 85],
    [() => 0, 6],
    [() => prng.int(1, 99), 3],
    [() => prng.int(1_000_000_000, 1_000_000_000_000), 2],
    [() => 1_000_000_000_000, 1],
    [() => -prng.int(1, typical[1]), 3],
  ])();
}

function generateSubscriptions(prng: Prng, o: Resolved, customer: CustomerRow, ids: IdCounters): SubscriptionRow[] {
  const n = countAround(prng, o.subscriptionsPerCustomer);
  const times = naturalTimes(prng, o, n, customer.created_at);
  const currency = (customer.currency ?? "USD").toUpperCase();
  const rows = times.map((startedAt) => {
    const status = enumValue(prng, ENUMS.subscriptionStatus, { active: 45, canceled: 20, trialing: 7, past_due: 7, paused: 7, incomplete: 7 });
    const trialEnd = status === "trialing" || prng.chance(0.3) ? startedAt + prng.pick([7, 14, 30]) * MS.day : null;
    const canceledAt = status === "canceled" ? Math.max(startedAt, timeBetween(prng, o, startedAt, o.toMs)) : null;
    const periodEnd =
      status === "canceled" || prng.chance(0.1) ? null : addCalendarMonths(startedAt, prng.weighted([[1, 6], [12, 2], [prng.int(2, 40), 2]]));
    return {
      customer_id: customer.id,
      plan: prng.weighted(PLANS),
      status,
      quantity: prng.weighted<() => number>([[() => prng.int(1, 50), 85], [() => 0, 6], [() => prng.int(51, 5000), 8], [() => 2_147_483_647, 1]])(),
      mrr: money(prng, [500, 50_000]),
      currency: prng.chance(0.9) ? currency : prng.pick(WALLET_CURRENCIES),
      started_at: startedAt,
      trial_end: trialEnd,
      current_period_end: periodEnd,
      canceled_at: canceledAt,
    };
  });
  // Ids are given in an order unrelated to time, so "latest" and "highest id" differ.
  return prng.shuffle(rows).map((r) => ({ id: ids.subscription++, ...r }));
}

function generateInvoices(prng: Prng, o: Resolved, customer: CustomerRow, ids: IdCounters): InvoiceRow[] {
  const n = countAround(prng, o.invoicesPerCustomer);
  const times = naturalTimes(prng, o, n, customer.created_at);
  const currency = (customer.currency ?? "USD").toUpperCase();
  const rows = prng.shuffle(times).map((issuedAt) => {
    const status = enumValue(prng, ENUMS.invoiceStatus, { paid: 55, open: 15, draft: 8, void: 7, uncollectible: 5 });
    const total = money(prng, [100, 100_000]);
    const amountDue =
      status === "paid" || status === "void" ? 0 : prng.weighted<() => number>([[() => total, 70], [() => Math.floor(total / 2), 20], [() => 0, 10]])();
    return {
      customer_id: customer.id,
      status,
      total,
      amount_due: amountDue,
      currency: prng.chance(0.95) ? currency : prng.pick(WALLET_CURRENCIES),
      issued_at: issuedAt,
      due_at: prng.chance(0.2) ? null : issuedAt + prng.pick([0, 14, 30]) * MS.day,
      paid_at: status === "paid" ? issuedAt + prng.int(0, 40) * MS.day + prng.int(0, MS.day - 1) : null,
    };
  });
  return rows.map((r) => {
    const id = ids.invoice++;
    const base = `INV-${String(id).padStart(7, "0")}`;
    const number = prng.weighted([[base, 92], [base.toLowerCase(), 4], [`${base} `, 4]]);
    return { id, number, ...r };
  });
}

function generateWallets(prng: Prng, o: Resolved, customer: CustomerRow, ids: IdCounters): WalletRow[] {
  const n = prng.int(0, o.maxWalletsPerCustomer);
  const currencies = prng.shuffle(WALLET_CURRENCIES).slice(0, n);
  const times = naturalTimes(prng, o, n, customer.created_at);
  return currencies.map((currency, i) => ({
    id: ids.wallet++,
    customer_id: customer.id,
    currency,
    balance: prng.weighted<() => number>([
      [() => prng.int(0, 1_000_000), 60],
      [() => 0, 15],
      [() => -prng.int(1, 1_000_000), 15],
      [() => prng.int(1_000_000_000, 1_000_000_000_000), 4],
      [() => -prng.int(1_000_000_000, 1_000_000_000_000), 2],
      [() => prng.pick([1, -1, 1_000_000_000_000, -1_000_000_000_000]), 4],
    ])(),
    created_at: times[i] as number,
  }));
}

function generateVerifications(prng: Prng, o: Resolved, customer: CustomerRow, ids: IdCounters): VerificationRow[] {
  const n = countAround(prng, o.verificationsPerCustomer);
  const times = naturalTimes(prng, o, n, customer.created_at);
  const rows = times.map((createdAt) => {
    const status = enumValue(prng, ENUMS.verificationStatus, { verified: 55, pending: 20, failed: 15, expired: 10 });
    return {
      customer_id: customer.id,
      kind: enumValue(prng, ENUMS.verificationKind, {}),
      status,
      verified_at: status === "verified" || (status === "expired" && prng.chance(0.5)) ? createdAt + prng.int(0, 3 * MS.day) : null,
      created_at: createdAt,
    };
  });
  return prng.shuffle(rows).map((r) => ({ id: ids.verification++, ...r }));
}

// ---------------------------------------------------------------- custom fields

function generateCustomValues(
  prng: Prng,
  o: Resolved,
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
