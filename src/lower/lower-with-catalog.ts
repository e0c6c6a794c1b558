/**
 * Lowering against the cached catalog, retried once against a freshly loaded one when the
 * predicate names a custom field the cache does not know yet — so a definition added a moment
 * ago is usable at once, while known fields and keys no definition can have never cost a reload.
 */
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import type { Expr, ScopeName } from "../ir/nodes.js";
import { UnknownCustomFieldError } from "./field-suggestions.js";
import { lowerPredicate } from "./lower-predicate.js";

/** Lowers `predicate` at `path`, refreshing the catalog once on an unknown custom field. */
export async function lowerWithCatalog(predicate: Predicate | undefined, path: string, access: CatalogAccess, scope: ScopeName = "customer"): Promise<Expr> {
  try {
    return lowerPredicate(predicate, path, await access.current(), scope);
  } catch (err) {
    // The catalog's reloads are rate-limited (CustomFieldCatalogSource.fresh): invalid requests cannot load the database.
    if (!(err instanceof UnknownCustomFieldError)) throw err;
    return lowerPredicate(predicate, path, await access.fresh(), scope);
  }
}
