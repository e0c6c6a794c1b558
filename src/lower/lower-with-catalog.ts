/**
 * Lowering against the cached catalog, retried once against a freshly loaded one when the
 * predicate names a custom field the cache does not know yet — so a definition added a moment
 * ago is usable at once, while known fields never cost a reload.
 */
import type { Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import { CUSTOM_FIELD_PREFIX } from "../catalog/field-catalog.js";
import { UserError } from "../errors/user-error.js";
import type { Expr, ScopeName } from "../ir/nodes.js";
import { lowerPredicate } from "./lower-predicate.js";

/** Lowers `predicate` at `path`, refreshing the catalog once on an unknown custom field. */
export async function lowerWithCatalog(predicate: Predicate | undefined, path: string, access: CatalogAccess, scope: ScopeName = "customer"): Promise<Expr> {
  try {
    return lowerPredicate(predicate, path, await access.current(), scope);
  } catch (err) {
    if (!(err instanceof UserError && err.path.endsWith(".field") && err.detail.includes(`"${CUSTOM_FIELD_PREFIX}`))) throw err;
    return lowerPredicate(predicate, path, await access.fresh(), scope);
  }
}
