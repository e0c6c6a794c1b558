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
import { generateCustomer } from "./generate-customer.js";
import { customFieldDefinitionRows, generateCustomValues } from "./generate-custom-fields.js";
import { generateInvoices, generateSubscriptions, generateVerifications, generateWallets, type IdCounters } from "./generate-related-rows.js";
import { resolveOptions, type GenerateDatasetOptions } from "./generator-options.js";
import { createPrng, mixSeed } from "./prng.js";

export { DEFAULT_ANCHORS_MS, type GenerateDatasetOptions } from "./generator-options.js";

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
  const o = resolveOptions(options);
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
