/**
 * Fills the body of every segment node with the referenced segment's current predicate, lowered
 * against the current catalog, recursively. This is the I/O step between lowering and the pure
 * compiler: each request sees the current version of every referenced segment.
 */
import type { FieldCatalog } from "../catalog/field-catalog.js";
import { UserError, invalidArgument } from "../errors/user-error.js";
import type { Expr } from "../ir/nodes.js";
import { lowerStoredPredicate, type EncodedPredicate } from "../lower/stored-predicate.js";

/** A referenced segment's current definition. */
export interface ReferencedSegment {
  readonly version: number;
  readonly predicate: EncodedPredicate;
}

/** Loads the current versions of live segments; absent ids are missing from the map. */
export type LoadSegments = (ids: readonly string[]) => Promise<ReadonlyMap<string, ReferencedSegment>>;

/** Deepest chain of segment references a predicate may expand through (docs/semantics.md §8). */
const MAX_REFERENCE_DEPTH = 16;

/**
 * Returns `expr` with every segment node expanded; throws a UserError at the offending node.
 * `rootSegmentId` is the segment `expr` belongs to, if any, so a reference back to it is a cycle.
 */
export async function expandReferences(expr: Expr, load: LoadSegments, catalog: FieldCatalog, rootSegmentId?: string): Promise<Expr> {
  const lowered = new Map<string, { version: number; body: Expr }>();

  const definition = async (id: string, at: string): Promise<{ version: number; body: Expr }> => {
    const cached = lowered.get(id);
    if (cached) return cached;
    const found = (await load([id])).get(id);
    if (!found) throw invalidArgument(at, `referenced segment ${id} does not exist`);
    let body: Expr;
    try {
      body = lowerStoredPredicate(found.predicate, `segment(${id}).predicate`, catalog);
    } catch (err) {
      if (err instanceof UserError) {
        throw new UserError("failed_precondition", at, `referenced segment ${id} no longer validates: ${err.message}`);
      }
      throw err;
    }
    const entry = { version: found.version, body };
    lowered.set(id, entry);
    return entry;
  };

  const expand = async (e: Expr, chain: readonly string[]): Promise<Expr> => {
    switch (e.kind) {
      case "and":
      case "or":
        return { ...e, items: await Promise.all(e.items.map((item) => expand(item, chain))) };
      case "not":
        return { ...e, item: await expand(e.item, chain) };
      case "condition":
      case "relation":
        return e;
      case "segment": {
        if (chain.includes(e.segmentId)) {
          throw new UserError("failed_precondition", e.path, `segment references form a cycle: ${[...chain, e.segmentId].join(" → ")}`, "REFERENCE_CYCLE");
        }
        if (chain.length >= MAX_REFERENCE_DEPTH) {
          throw invalidArgument(e.path, `segment references nest deeper than ${MAX_REFERENCE_DEPTH} levels`, "LIMIT_EXCEEDED");
        }
        const { version, body } = await definition(e.segmentId, e.path);
        return { ...e, version, body: await expand(body, [...chain, e.segmentId]) };
      }
      default: {
        const impossible: never = e;
        throw new Error(`unknown expression kind ${String((impossible as Expr).kind)}`);
      }
    }
  };

  return expand(expr, rootSegmentId === undefined ? [] : [rootSegmentId]);
}
