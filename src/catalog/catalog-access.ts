/** How the pipeline reaches the field catalog. */
import type { FieldCatalog } from "./field-catalog.js";

/** The field catalog, cached, with a way to force a reload of the custom field definitions. */
export interface CatalogAccess {
  /** The catalog, at most CUSTOM_FIELD_CACHE_MS behind the definitions table. */
  current(): Promise<FieldCatalog>;
  /** The catalog reloaded from the definitions table now. */
  fresh(): Promise<FieldCatalog>;
}
