/**
 * Turns what a request asks to evaluate — a saved segment (at its current or a given version) or
 * an inline predicate — into an expanded IR ready to compile. Lowered definitions are cached per
 * segment version (versions are immutable). Current segments are cached with a version stamp of
 * every segment they were built from; a cached target is only used after the stamp was checked
 * against the database (before the query, or in the same statement: see SegmentEvaluator), so
 * evaluation always sees current definitions.
 */
import type { CatalogAccess } from "../catalog/catalog-access.js";
import type { FieldCatalog } from "../catalog/field-catalog.js";
import { UserError, invalidArgument } from "../errors/user-error.js";
import type { Expr } from "../ir/nodes.js";
import { walkExpr } from "../ir/walk-expr.js";
import { lowerStoredPredicate, type EncodedPredicate } from "../lower/stored-predicate.js";
import type { SegmentRepository } from "../segments/segment-repository.js";
import { expandReferences } from "./expand-references.js";

/** An evaluable target. */
export interface ResolvedTarget {
  /** Fully expanded predicate. */
  readonly expr: Expr;
  /** Segment id, or undefined for an inline predicate. */
  readonly segmentId: string | undefined;
  /** Version evaluated (0 for an inline predicate). */
  readonly version: number;
  /** The segment versions this target was built from; undefined for inline predicates. */
  readonly stamp: VersionStamp | undefined;
}

/**
 * The live segments a target was built from, summarised so a change is detectable in one cheap
 * query: versions only grow, so any update raises `versionSum`, and a deletion lowers `count`.
 */
export interface VersionStamp {
  readonly ids: readonly string[];
  readonly count: number;
  readonly versionSum: number;
}

/** How a cached current target is checked before use. */
export type StampCheck =
  /** Check with a query now. */
  | "now"
  /** The caller checks the stamp inside its own statement and calls `current(id, path, "now")` on a mismatch. */
  | "in_statement";

/** Whether two stamps describe the same versions. */
export function sameStamp(a: VersionStamp, b: { count: number; versionSum: number }): boolean {
  return a.count === b.count && a.versionSum === b.versionSum;
}

/** Resolves segments and inline predicates. */
export class TargetResolver {
  /** Lowered stored predicates by `id@version`, valid for `loweredWith` only. */
  private readonly lowered = new Map<string, Expr>();
  private loweredWith: FieldCatalog | undefined;
  /** Current targets by segment id, valid for `loweredWith` only. */
  private readonly currentTargets = new Map<string, ResolvedTarget>();

  constructor(
    private readonly repository: SegmentRepository,
    private readonly catalog: CatalogAccess,
  ) {}

  /** A saved segment at `version` (0 = current). `path` names the request field holding the id. */
  async segment(id: string, version: number, path: string): Promise<ResolvedTarget> {
    if (id === "") throw invalidArgument(path, "segment id is required");
    let record;
    try {
      record = await this.repository.get(id, version);
    } catch (err) {
      if (err instanceof UserError && err.code === "not_found") throw new UserError("not_found", path, err.detail);
      throw err;
    }
    const catalog = await this.catalogInUse();
    const key = `${record.id}@${record.version}`;
    let expr = this.lowered.get(key);
    if (!expr) {
      expr = this.lowerStored(record.id, record.predicate, catalog);
      if (this.lowered.size > 10_000) this.lowered.clear();
      this.lowered.set(key, expr);
    }
    const expanded = await this.expand(expr, catalog, record.id);
    return { expr: expanded, segmentId: record.id, version: record.version, stamp: stampOf(record.id, record.version, expanded) };
  }

  /**
   * The current version of a segment, from the cache when its stamp still holds. With
   * "in_statement" a cached target is returned unchecked: the caller must verify its stamp.
   */
  async current(id: string, path: string, check: StampCheck): Promise<ResolvedTarget> {
    await this.catalogInUse();
    const cached = this.currentTargets.get(id);
    if (cached?.stamp) {
      if (check === "in_statement") return cached;
      if (sameStamp(cached.stamp, await this.repository.versionStamp(cached.stamp.ids))) return cached;
    }
    const fresh = await this.segment(id, 0, path);
    if (this.currentTargets.size > 10_000) this.currentTargets.clear();
    this.currentTargets.set(id, fresh);
    return fresh;
  }

  /** An inline predicate, lowered by the caller (src/rpc, through lowerWithCatalog). */
  async inline(expr: Expr): Promise<ResolvedTarget> {
    const catalog = await this.catalog.current();
    return { expr: await this.expand(expr, catalog, undefined), segmentId: undefined, version: 0, stamp: undefined };
  }

  /** Expands the segment references of an already lowered predicate with current versions. */
  async expandLowered(expr: Expr): Promise<Expr> {
    return this.expand(expr, await this.catalog.current(), undefined);
  }

  /** The current catalog; cached lowerings made with an older one are dropped. */
  private async catalogInUse(): Promise<FieldCatalog> {
    const catalog = await this.catalog.current();
    if (catalog !== this.loweredWith) {
      this.lowered.clear();
      this.currentTargets.clear();
      this.loweredWith = catalog;
    }
    return catalog;
  }

  private lowerStored(id: string, predicate: EncodedPredicate, catalog: FieldCatalog): Expr {
    try {
      return lowerStoredPredicate(predicate, `segment(${id}).predicate`, catalog);
    } catch (err) {
      if (err instanceof UserError) {
        throw new UserError("failed_precondition", err.path, `segment ${id} no longer validates against the field catalog: ${err.detail}`);
      }
      throw err;
    }
  }

  private expand(expr: Expr, catalog: FieldCatalog, rootId: string | undefined): Promise<Expr> {
    return expandReferences(
      expr,
      async (ids) => {
        const found = await this.repository.currentVersions(ids);
        return new Map([...found].map(([id, r]) => [id, { version: r.version, predicate: r.predicate }]));
      },
      catalog,
      rootId,
    );
  }
}

/** The stamp of a segment and every segment its expanded predicate references. */
function stampOf(id: string, version: number, expanded: Expr): VersionStamp {
  const versions = new Map<string, number>([[id, version]]);
  walkExpr(expanded, { relationWhere: false, segmentBodies: true }, (node) => {
    if (node.kind === "segment") versions.set(node.segmentId, node.version);
  });
  let versionSum = 0;
  for (const v of versions.values()) versionSum += v;
  return { ids: [...versions.keys()].sort(), count: versions.size, versionSum };
}
