/**
 * Turns what a request asks to evaluate — a saved segment (at its current or a given version) or
 * an inline predicate — into an expanded IR ready to compile. Lowered definitions are cached per
 * segment version (versions are immutable); references are expanded on every call so they are
 * always current.
 */
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { FieldCatalog } from "../catalog/field-catalog.js";
import { UserError, invalidArgument } from "../errors/user-error.js";
import type { Expr } from "../ir/nodes.js";
import { lowerPredicate } from "../lower/lower-predicate.js";
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
}

/** Resolves segments and inline predicates. */
export class TargetResolver {
  /** Lowered stored predicates by `id@version`, valid for `loweredWith` only. */
  private readonly lowered = new Map<string, Expr>();
  private loweredWith: FieldCatalog | undefined;

  constructor(
    private readonly repository: SegmentRepository,
    private readonly catalog: () => Promise<FieldCatalog>,
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
    const catalog = await this.catalog();
    if (catalog !== this.loweredWith) {
      this.lowered.clear();
      this.loweredWith = catalog;
    }
    const key = `${record.id}@${record.version}`;
    let expr = this.lowered.get(key);
    if (!expr) {
      expr = this.lowerStored(record.id, record.predicate, catalog);
      if (this.lowered.size > 10_000) this.lowered.clear();
      this.lowered.set(key, expr);
    }
    return { expr: await this.expand(expr, catalog, record.id), segmentId: record.id, version: record.version };
  }

  /** An inline predicate; `path` is where it sits in the request. */
  async inline(predicate: Predicate | undefined, path: string): Promise<ResolvedTarget> {
    const catalog = await this.catalog();
    const expr = lowerPredicate(predicate, path, catalog);
    return { expr: await this.expand(expr, catalog, undefined), segmentId: undefined, version: 0 };
  }

  /** Expands the segment references of an already lowered predicate with current versions. */
  async expandLowered(expr: Expr): Promise<Expr> {
    return this.expand(expr, await this.catalog(), undefined);
  }

  private lowerStored(id: string, predicate: Predicate, catalog: FieldCatalog): Expr {
    try {
      return lowerPredicate(predicate, `segment(${id}).predicate`, catalog);
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
