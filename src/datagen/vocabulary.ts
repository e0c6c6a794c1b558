/**
 * Word lists of the data generator. They deliberately mix ASCII with accents, CJK, emoji and
 * astral-plane letters, and avoid the few characters whose Unicode case folding maps onto an
 * ASCII letter (KELVIN SIGN, LONG S, dotted capital I), where case-insensitive regex engines
 * are allowed to differ (docs/semantics.md §5).
 */

/** ISO 3166-1 alpha-2 codes of the EU member states. */
export const EU_COUNTRIES: readonly string[] = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/** Countries with rough weights of a European-heavy SaaS customer base. */
export const COUNTRY_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ["DE", 12], ["FR", 8], ["NL", 5], ["IT", 5], ["ES", 5], ["AT", 3], ["BE", 3], ["IE", 2],
  ["PL", 3], ["SE", 3], ["FI", 2], ["DK", 2], ["PT", 2], ["CZ", 1], ["GR", 1], ["LU", 1],
  ["US", 15], ["GB", 8], ["CH", 3], ["CA", 3], ["JP", 3], ["CN", 2], ["BR", 2], ["IN", 2],
  ["AU", 2], ["NO", 1],
];

const NON_EU_CURRENCY: Readonly<Record<string, string>> = {
  US: "USD", GB: "GBP", CH: "CHF", CA: "CAD", JP: "JPY", CN: "CNY", BR: "BRL", IN: "INR",
  AU: "AUD", NO: "NOK", SE: "SEK", DK: "DKK", PL: "PLN", CZ: "CZK",
};

/** The usual billing currency of a country (EUR inside the euro area). */
export function currencyOfCountry(country: string): string {
  return NON_EU_CURRENCY[country] ?? (EU_COUNTRIES.includes(country) ? "EUR" : "USD");
}

/** Currencies wallets and subscriptions are held in (a lower-case one as dirty data). */
export const WALLET_CURRENCIES: readonly string[] = ["EUR", "USD", "GBP", "CHF", "JPY", "SEK", "eur"];

/** Company name stems. */
export const COMPANY_STEMS: readonly string[] = [
  "Acme", "ACME", "acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries",
  "Wayne Enterprises", "Kontor", "Zürich Re", "Ölwerk", "Café Noir", "Crème Brûlée Co",
  "Ærø Shipping", "Łódź Tools", "Dvořák & Syn", "Nguyễn Trading", "東京商事", "北京科技",
  "서울 소프트", "Москва Трейд", "شركة النور", "😀 Smiles", "Rocket 🚀 Labs", "𝔉𝔯𝔞𝔨𝔱𝔲𝔯",
  "ＡＣＭＥ", "Zebra", "zebra", "Ångström AB", "Straße Bau",
];

/** Company name suffixes (the empty one included). */
export const COMPANY_SUFFIXES: readonly string[] = ["", "", " GmbH", " Inc.", " Ltd", " SAS", " BV", " AB", " 株式会社", " S.p.A."];

/** Person first names. */
export const FIRST_NAMES: readonly string[] = [
  "Anna", "José", "Zoë", "Françoise", "Łukasz", "Søren", "Björk", "Jürgen", "María", "Chloé",
  "Élodie", "Åsa", "Dmitrii", "Дмитрий", "山田", "李", "김", "محمد", "Noah", "emma", "OLIVER",
];

/** Person last names. */
export const LAST_NAMES: readonly string[] = [
  "Müller", "García", "Nguyễn", "Smith", "O'Brien", "太郎", "伟", "민준", "Kowalski", "Dvořák",
  "Ødegård", "Núñez", "Schmidt", "schmidt", "Martin",
];

/** Local parts of email addresses. */
export const EMAIL_LOCALS: readonly string[] = [
  "anna", "jose", "j.smith", "billing", "finance", "admin", "accounts+eu", "zoë", "müller",
  "山田", "😀", "ops_team", "CFO", "info", "hello", "a", "x-y.z",
];

/** Email domains. */
export const EMAIL_DOMAINS: readonly string[] = [
  "example.com", "acme.io", "globex.de", "mail.fr", "例え.jp", "bücher.de", "firma.pl",
  "startup.io", "EXAMPLE.COM", "corp.co.uk",
];

/** Subscription plan ids, with case, separator and trailing-space variants. */
export const PLANS: ReadonlyArray<readonly [string, number]> = [
  ["free", 10], ["starter-monthly", 12], ["starter-yearly", 6], ["pro-monthly", 18],
  ["pro-yearly", 10], ["growth-monthly", 8], ["enterprise", 5], ["enterprise-custom", 2],
  ["Pro-Monthly", 1], ["PRO-MONTHLY", 1], ["pro-monthly ", 1], ["pro_monthly", 1],
  ["pro.monthly", 1], ["プロ", 1], ["straße-plan", 1], ["pro-monthly\t", 0.5],
];

/** Free-text nicknames (custom string field). */
export const NICKNAMES: readonly string[] = [
  "big fish", "Big Fish", "BIG FISH", "big fish ", "whale 🐳", "早期ユーザー", "früh", "vip",
  "VIP", "vip  ", "", " ", "n/a", "N/A", "a.b", "a+b", "(test)", "[beta]", "x{2}", "tab\tinside",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ＡＣＭＥ", "zz", "Z", "é", "e\u0301", "line1\nline2", "ends with newline\n", "vip\n",
  "back\\slash", "C:\\path\\", "quote'd", "\"quoted\"", "100%", "under_score", "nul\u0000inside",
];
