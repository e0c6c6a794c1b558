/** An inline predicate of a request as an evaluable target: lowered here, expanded by the resolver. */
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import type { ResolvedTarget, TargetResolver } from "../evaluation/resolve-target.js";
import { lowerWithCatalog } from "../lower/lower-with-catalog.js";

/** The inline predicate at `path` of a request, lowered against the catalog and expanded. */
export async function inlineTarget(
  deps: { readonly resolver: TargetResolver; readonly catalog: CatalogAccess },
  predicate: Predicate | undefined,
  path: string,
): Promise<ResolvedTarget> {
  return deps.resolver.inline(await lowerWithCatalog(predicate, path, deps.catalog));
}
