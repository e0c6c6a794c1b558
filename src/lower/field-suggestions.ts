/**
 * The error for an unknown field path: close alternatives, and where the field does exist. Field
 * names are bounded first (MAX_FIELD_NAME_CHARS), so suggesting costs at most a few hundred
 * short edit distances and the name is echoed short.
 */
import { RELATION_SCOPES } from "../catalog/builtin-fields.js";
import { CUSTOM_FIELD_KEY_SYNTAX, CUSTOM_FIELD_PREFIX, type FieldCatalog } from "../catalog/field-catalog.js";
import { scopeEnumName } from "./proto-enums.js";
import { invalidArgument, UserError } from "../errors/user-error.js";
import type { ScopeName } from "../ir/nodes.js";

const MAX_SUGGESTIONS = 5;

/** Longest field name accepted (a built-in path or `custom.` and a 64-character key is far shorter). */
export const MAX_FIELD_NAME_CHARS = 200;

/** Refuses a field name longer than {@link MAX_FIELD_NAME_CHARS} before it is looked up or echoed. */
export function checkFieldNameLength(name: string, path: string): void {
  if (name.length > MAX_FIELD_NAME_CHARS) {
    throw invalidArgument(path, `field name is longer than ${MAX_FIELD_NAME_CHARS} characters (${name.length})`, "LIMIT_EXCEEDED");
  }
}

/**
 * An unknown `custom.<key>` field whose key could be defined: the one unknown field for which
 * lowering may reload the catalog (lower-with-catalog.ts). Keys no definition can have never
 * cause a reload.
 */
export class UnknownCustomFieldError extends UserError {}

/** The UNKNOWN_FIELD error of `name` in `scope` at `path`. */
export function unknownFieldError(catalog: FieldCatalog, scope: ScopeName, name: string, path: string): UserError {
  const detail = unknownFieldMessage(catalog, scope, name);
  const definable = scope === "customer" && name.startsWith(CUSTOM_FIELD_PREFIX) && CUSTOM_FIELD_KEY_SYNTAX.test(name.slice(CUSTOM_FIELD_PREFIX.length));
  return definable ? new UnknownCustomFieldError("invalid_argument", path, detail, "UNKNOWN_FIELD") : invalidArgument(path, detail, "UNKNOWN_FIELD");
}

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
  if (path.startsWith(CUSTOM_FIELD_PREFIX)) {
    const key = path.slice(CUSTOM_FIELD_PREFIX.length);
    parts.push(CUSTOM_FIELD_KEY_SYNTAX.test(key) ? `no custom field has the key ${JSON.stringify(key)}` : "custom field keys are 1-64 characters of A-Z a-z 0-9 _ -");
  }
  const suggestions = closeMatches(path, catalog.list("customer").map((f) => f.path));
  if (suggestions.length > 0) parts.push(`did you mean ${suggestions.join(", ")}?`);
  const relationScopes = RELATION_SCOPES.filter((s) => catalog.field(s, path) !== undefined);
  if (relationScopes.length > 0) {
    parts.push(`${quoted} is a field of ${relationScopes.map(scopeEnumName).join(", ")}: test it inside a relation`);
  }
  if (suggestions.length === 0 && relationScopes.length === 0) parts.push("ListFields lists every field");
  return parts.join("; ");
}
