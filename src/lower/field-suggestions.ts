/** The message for an unknown field path: close alternatives, and where the field does exist. */
import { RELATION_SCOPES } from "../catalog/builtin-fields.js";
import { CUSTOM_FIELD_PREFIX, type FieldCatalog } from "../catalog/field-catalog.js";
import { scopeEnumName } from "./proto-enums.js";
import type { ScopeName } from "../ir/nodes.js";

const MAX_SUGGESTIONS = 5;

/** Levenshtein distance, stopping early once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

function closeMatches(path: string, candidates: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(path.length / 3));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(path.toLowerCase(), candidate.toLowerCase(), limit) }))
    .filter((c) => c.distance <= limit)
    .sort((x, y) => x.distance - y.distance)
    .slice(0, MAX_SUGGESTIONS)
    .map((c) => c.candidate);
}

/** Explains why `path` is not a field of `scope` and what the caller may have meant. */
export function unknownFieldMessage(catalog: FieldCatalog, scope: ScopeName, path: string): string {
  const quoted = JSON.stringify(path);
  if (scope !== "customer") {
    const fields = catalog.list(scope).map((f) => f.path);
    const customerHint =
      catalog.field("customer", path) !== undefined
        ? `; ${quoted} is a customer field, but conditions inside a relation's where test the related ${scope} rows`
        : "";
    return `unknown field ${quoted} in scope ${scopeEnumName(scope)}; its fields are: ${fields.join(", ")}${customerHint}`;
  }
  const parts = [`unknown field ${quoted}`];
  if (path.startsWith(CUSTOM_FIELD_PREFIX)) parts.push(`no custom field has the key ${JSON.stringify(path.slice(CUSTOM_FIELD_PREFIX.length))}`);
  const suggestions = closeMatches(path, catalog.list("customer").map((f) => f.path));
  if (suggestions.length > 0) parts.push(`did you mean ${suggestions.join(", ")}?`);
  const relationScopes = RELATION_SCOPES.filter((s) => catalog.field(s, path) !== undefined);
  if (relationScopes.length > 0) {
    parts.push(`${quoted} is a field of ${relationScopes.map(scopeEnumName).join(", ")}: test it inside a relation`);
  }
  if (suggestions.length === 0 && relationScopes.length === 0) parts.push("ListFields lists every field");
  return parts.join("; ");
}
