/**
 * Cost warnings that name the predicate node at fault, so whoever wrote a slow condition sees it.
 *
 * Static warnings, from the predicate alone:
 * - every regex `matches` (anywhere, relation filters included): REGEXP cannot use an index;
 *   the message says "leading wildcard" when the normalized pattern starts with a class repeated
 *   without upper bound (`[^\n]*`, `[^\n]+`, `[A-Za-z0-9_]{2,}`, …), i.e. has no fixed prefix;
 * - a customer-level condition on a field that is not indexed (`FieldDef.indexed` false). Filters
 *   inside a relation are not flagged: the related rows are reached through the customer's index
 *   and the filter only checks them.
 *
 * Plan warnings, from the EXPLAIN: each full scan of a stored table (see cost-class.ts) names the
 * nodes that read that table (plan-tables.ts). A full scan of `customers` without any customer
 * condition names the relations and custom field conditions evaluated for every customer, and
 * with none of those either, the root of the predicate.
 */
import type { Expr, NodePath } from "../ir/nodes.js";
import { CUSTOMERS_TABLE } from "../compile/schema-names.js";
import { isFullTableScan } from "./cost-class.js";
import type { ParsedExplain, PlanTableAccess } from "./parse-explain-json.js";
import { resolvePlanRead } from "./plan-tables.js";
import { tableTouches } from "./predicate-tables.js";

/** A warning at a predicate node. */
export interface PredicateWarning {
  readonly path: NodePath;
  readonly message: string;
}

/** Static and plan warnings of `expr`, without duplicates, static ones first. */
export function costWarnings(expr: Expr, plan: ParsedExplain): PredicateWarning[] {
  const seen = new Set<string>();
  return [...predicateWarnings(expr), ...planWarnings(expr, plan)].filter((w) => {
    const key = `${w.path}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Warnings that follow from the predicate alone. */
export function predicateWarnings(expr: Expr): PredicateWarning[] {
  const out: PredicateWarning[] = [];
  const visit = (e: Expr, customerLevel: boolean): void => {
    switch (e.kind) {
      case "and":
      case "or":
        for (const item of e.items) visit(item, customerLevel);
        return;
      case "not":
        visit(e.item, customerLevel);
        return;
      case "condition": {
        const { field, test } = e;
        if (test.op === "matches") {
          out.push({
            path: e.path,
            message: hasLeadingWildcard(test.regex)
              ? `regex match on ${field.path} starts with a leading wildcard and cannot use an index`
              : `regex match on ${field.path} cannot use an index`,
          });
        } else if (customerLevel && !field.indexed) {
          out.push({ path: e.path, message: `condition on ${field.path} cannot use an index: the field is not indexed` });
        }
        return;
      }
      case "relation":
        if (e.where !== null) visit(e.where, false);
        return;
      case "segment":
        if (e.body !== null) visit(e.body, customerLevel);
        return;
      default: {
        const impossible: never = e;
        throw new Error(`unknown expression kind ${String((impossible as Expr).kind)}`);
      }
    }
  };
  visit(expr, true);
  return out;
}

/** Warnings at the nodes behind each full table scan of the plan. */
export function planWarnings(expr: Expr, plan: ParsedExplain): PredicateWarning[] {
  const touches = tableTouches(expr);
  const out: PredicateWarning[] = [];
  for (const access of plan.accesses.filter(isFullTableScan)) {
    const read = resolvePlanRead(access, touches);
    const table = read.tables.length === 1 && read.tables[0] !== undefined ? read.tables[0] : access.table;
    const scanned = `${table} is scanned in full (${amount(access)})`;
    if (read.touches.length > 0) {
      for (const t of read.touches) out.push({ path: t.path, message: `${scanned} for this ${t.description}` });
      continue;
    }
    const perCustomer = read.tables.includes(CUSTOMERS_TABLE) ? touches.filter((t) => t.kind !== "column_condition") : [];
    if (perCustomer.length > 0) {
      for (const t of perCustomer) {
        out.push({ path: t.path, message: `${scanned}: no indexed customer condition narrows the customers this ${t.description} is evaluated for` });
      }
      continue;
    }
    out.push({ path: expr.path, message: `${scanned} to evaluate this predicate` });
  }
  return out;
}

/**
 * Whether a normalized pattern (src/regex) starts with a character class repeated without upper
 * bound, possibly inside opening groups: `[^\n]*ab`, `(?:[^\n]+)x`, `[A-Za-z0-9_]{2,}@`.
 */
export function hasLeadingWildcard(regex: string): boolean {
  let i = 0;
  while (regex.startsWith("(?:", i) || regex[i] === "(") i += regex.startsWith("(?:", i) ? 3 : 1;
  const atomEnd = classEnd(regex, i);
  if (atomEnd === null) return false;
  const quantifier = regex.slice(atomEnd);
  return /^(\*|\+|\{\d+,\})/.test(quantifier);
}

/** Index after a class atom starting at `i` (`[…]`, `.`, or `\d \w \s \D \W \S`), or null. */
function classEnd(regex: string, i: number): number | null {
  const c = regex[i];
  if (c === ".") return i + 1;
  if (c === "\\") return /[dwsDWS]/.test(regex[i + 1] ?? "") ? i + 2 : null;
  if (c !== "[") return null;
  let j = i + 1;
  if (regex[j] === "^") j += 1;
  if (regex[j] === "]") j += 1;
  while (j < regex.length && regex[j] !== "]") j += regex[j] === "\\" ? 2 : 1;
  return j < regex.length ? j + 1 : null;
}

function amount(access: PlanTableAccess): string {
  const rows = `about ${Math.round(access.rows)} rows`;
  return access.scans > 1.5 ? `${rows} per scan, about ${Math.round(access.scans)} scans` : rows;
}
