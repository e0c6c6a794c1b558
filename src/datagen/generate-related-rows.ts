/**
 * The rows related to one customer: subscriptions, invoices, wallets (one per currency) and
 * verifications, at natural times with ties, with ids given in an order unrelated to time.
 */
import { ENUMS } from "../catalog/builtin-fields.js";
import { FIXED_UNIT_MS, addCalendarMonths } from "../ir/utc-calendar.js";
import type { CustomerRow, InvoiceRow, SubscriptionRow, VerificationRow, WalletRow } from "./dataset.js";
import { naturalTimes, timeBetween } from "./generate-times.js";
import type { ResolvedOptions } from "./generator-options.js";
import type { Prng } from "./prng.js";
import { enumValue, money } from "./value-draws.js";
import { PLANS, WALLET_CURRENCIES } from "./vocabulary.js";

/** Next ids of the related tables; advanced as customers are generated in order. */
export interface IdCounters {
  subscription: number;
  invoice: number;
  wallet: number;
  verification: number;
}

/** How many related rows: none for some, an exponential tail around the mean for others. */
function countAround(prng: Prng, mean: number): number {
  if (mean <= 0) return 0;
  const n = Math.floor(-Math.log(1 - prng.next()) * (mean + 0.5));
  return Math.min(n, Math.ceil(mean * 8) + 2);
}

/** Subscriptions of a customer. */
export function generateSubscriptions(prng: Prng, o: ResolvedOptions, customer: CustomerRow, ids: IdCounters): SubscriptionRow[] {
  const n = countAround(prng, o.subscriptionsPerCustomer);
  const times = naturalTimes(prng, o, n, customer.created_at);
  const currency = (customer.currency ?? "USD").toUpperCase();
  const rows = times.map((startedAt) => {
    const status = enumValue(prng, ENUMS.subscriptionStatus, { active: 45, canceled: 20, trialing: 7, past_due: 7, paused: 7, incomplete: 7 });
    const trialEnd = status === "trialing" || prng.chance(0.3) ? startedAt + prng.pick([7, 14, 30]) * FIXED_UNIT_MS.day : null;
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

/** Invoices of a customer, numbered by id with case and trailing-space variants. */
export function generateInvoices(prng: Prng, o: ResolvedOptions, customer: CustomerRow, ids: IdCounters): InvoiceRow[] {
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
      due_at: prng.chance(0.2) ? null : issuedAt + prng.pick([0, 14, 30]) * FIXED_UNIT_MS.day,
      paid_at: status === "paid" ? issuedAt + prng.int(0, 40) * FIXED_UNIT_MS.day + prng.int(0, FIXED_UNIT_MS.day - 1) : null,
    };
  });
  return rows.map((r) => {
    const id = ids.invoice++;
    const base = `INV-${String(id).padStart(7, "0")}`;
    const number = prng.weighted([[base, 92], [base.toLowerCase(), 4], [`${base} `, 4]]);
    return { id, number, ...r };
  });
}

/** Wallets of a customer, one per currency, with zero, negative and huge balances. */
export function generateWallets(prng: Prng, o: ResolvedOptions, customer: CustomerRow, ids: IdCounters): WalletRow[] {
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

/** Verifications of a customer. */
export function generateVerifications(prng: Prng, o: ResolvedOptions, customer: CustomerRow, ids: IdCounters): VerificationRow[] {
  const n = countAround(prng, o.verificationsPerCustomer);
  const times = naturalTimes(prng, o, n, customer.created_at);
  const rows = times.map((createdAt) => {
    const status = enumValue(prng, ENUMS.verificationStatus, { verified: 55, pending: 20, failed: 15, expired: 10 });
    return {
      customer_id: customer.id,
      kind: enumValue(prng, ENUMS.verificationKind, {}),
      status,
      verified_at: status === "verified" || (status === "expired" && prng.chance(0.5)) ? createdAt + prng.int(0, 3 * FIXED_UNIT_MS.day) : null,
      created_at: createdAt,
    };
  });
  return prng.shuffle(rows).map((r) => ({ id: ids.verification++, ...r }));
}
