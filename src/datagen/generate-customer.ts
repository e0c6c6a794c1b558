/**
 * Customer rows: names, emails and countries with NULLs, case variants, trailing spaces and
 * empty strings; employee counts at the INT range ends.
 */
import { ENUMS } from "../catalog/builtin-fields.js";
import type { CustomerRow } from "./dataset.js";
import { timeBetween } from "./generate-times.js";
import type { ResolvedOptions } from "./generator-options.js";
import type { Prng } from "./prng.js";
import { enumValue } from "./value-draws.js";
import {
  COMPANY_STEMS,
  COMPANY_SUFFIXES,
  COUNTRY_WEIGHTS,
  EMAIL_DOMAINS,
  EMAIL_LOCALS,
  FIRST_NAMES,
  LAST_NAMES,
  currencyOfCountry,
} from "./vocabulary.js";

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

/** The customer row `id`, drawn from the customer's own stream. */
export function generateCustomer(prng: Prng, o: ResolvedOptions, id: number): CustomerRow {
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
