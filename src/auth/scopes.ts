/**
 * The scopes a caller can be granted. Each RPC requires some of them (access-rules.ts); a caller
 * is registered with a set of them (`npx tsx src/cli/tokens.ts create --scopes …`).
 */

/** Every scope, in the order they are listed. */
export const ALL_SCOPES = [
  "segments:read",
  "segments:write",
  "catalog:read",
  "evaluate:saved",
  "evaluate:inline",
  "members:export",
  "explain",
] as const;

/** One scope. */
export type Scope = (typeof ALL_SCOPES)[number];

/** What each scope allows, for `tokens.ts` help and the README. */
export const SCOPE_MEANINGS: { readonly [S in Scope]: string } = {
  "segments:read": "read segment definitions and their versions",
  "segments:write": "create, update and delete segments (a saved predicate is then evaluable with evaluate:saved)",
  "catalog:read": "list the field catalog",
  "evaluate:saved": "evaluate saved segments (IsMember, BatchIsMember, CountMembers, ListCustomerSegments)",
  "evaluate:inline": "evaluate ad-hoc predicates passed in the request: arbitrary queries over customer data",
  "members:export": "stream member lists (ListMembers, DiffMembers)",
  "explain": "see the SQL, bindings and database plan of a segment or predicate",
};

/** Whether `value` names a scope. */
export function isScope(value: string): value is Scope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/**
 * Parses a comma-separated scope list ("all" = every scope); throws naming the unknown entry.
 * The result is deduplicated and in ALL_SCOPES order.
 */
export function parseScopeList(text: string): Scope[] {
  const entries = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (entries.length === 0) throw new Error(`no scopes given; choose from ${ALL_SCOPES.join(", ")} (or all)`);
  const chosen = new Set<Scope>();
  for (const entry of entries) {
    if (entry === "all") ALL_SCOPES.forEach((s) => chosen.add(s));
    else if (isScope(entry)) chosen.add(entry);
    else throw new Error(`unknown scope ${JSON.stringify(entry)}; choose from ${ALL_SCOPES.join(", ")} (or all)`);
  }
  return ALL_SCOPES.filter((s) => chosen.has(s));
}
