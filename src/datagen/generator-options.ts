/** The knobs of the data generator and their defaults. */

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
export type ResolvedOptions = Required<GenerateDatasetOptions>;

/** Fills in the defaults; RangeError for a negative customer count, no anchors or an empty time range. */
export function resolveOptions(options: GenerateDatasetOptions): ResolvedOptions {
  if (!Number.isSafeInteger(options.customers) || options.customers < 0) {
    throw new RangeError(`customers must be a non-negative integer, got ${options.customers}`);
  }
  const anchorsMs = options.anchorsMs ?? DEFAULT_ANCHORS_MS;
  if (anchorsMs.length === 0) throw new RangeError("anchorsMs must not be empty");
  const resolved: ResolvedOptions = {
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
