/**
 * A saved segment's predicate as the store keeps it: the client's Predicate message in protobuf
 * binary, opaque to every layer but this one (and src/rpc, which sends it back). The store
 * saves and loads the bytes; lowering reads them.
 */
import { fromBinary, fromJson, type JsonValue, toBinary } from "@bufbuild/protobuf";
import { type Predicate, PredicateSchema } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { CatalogAccess } from "../catalog/catalog-access.js";
import type { FieldCatalog } from "../catalog/field-catalog.js";
import type { Expr } from "../ir/nodes.js";
import { lowerPredicate } from "./lower-predicate.js";
import { lowerWithCatalog } from "./lower-with-catalog.js";

/** A predicate in its stored encoding (protobuf binary of the Predicate message). */
export type EncodedPredicate = Uint8Array;

/** The stored encoding of a predicate message. */
export function encodePredicate(predicate: Predicate): EncodedPredicate {
  return toBinary(PredicateSchema, predicate);
}

/** The stored encoding of a predicate written in protobuf JSON (e.g. the demo segments). */
export function encodePredicateJson(json: JsonValue): EncodedPredicate {
  return encodePredicate(fromJson(PredicateSchema, json));
}

/** The predicate message of a stored encoding. */
export function decodePredicate(encoded: EncodedPredicate): Predicate {
  return fromBinary(PredicateSchema, encoded);
}

/** Lowers a stored predicate at `path` against `catalog` (see lowerPredicate). */
export function lowerStoredPredicate(encoded: EncodedPredicate, path: string, catalog: FieldCatalog): Expr {
  return lowerPredicate(decodePredicate(encoded), path, catalog);
}

/** Lowers an encoded predicate (undefined: none given) as lowerWithCatalog does. */
export function lowerEncodedWithCatalog(encoded: EncodedPredicate | undefined, path: string, access: CatalogAccess): Promise<Expr> {
  return lowerWithCatalog(encoded === undefined ? undefined : decodePredicate(encoded), path, access);
}

/**
 * Distinct segment ids a saved (already validated) predicate references, sorted. Read from the
 * message rather than from its IR because a saved version must stay readable even when it no
 * longer lowers against the current catalog (a custom field removed since); new predicates get
 * their references, with paths, from the IR (src/segments/references-in-expr.ts).
 */
export function predicateReferences(predicate: Predicate): string[] {
  const ids = new Set<string>();
  const visit = (p: Predicate | undefined): void => {
    if (!p) return;
    const node = p.node;
    switch (node.case) {
      case "and":
      case "or":
        node.value.predicates.forEach(visit);
        return;
      case "not":
        visit(node.value);
        return;
      case "segment":
        ids.add(node.value.segmentId);
        return;
      case "condition":
      case "relation":
      case undefined:
        return;
      default: {
        const impossible: never = node;
        throw new Error(`unknown predicate node ${String(impossible)}`);
      }
    }
  };
  visit(predicate);
  return [...ids].sort();
}
