/**
 * The workload as the service compiles it, in this process: protobuf messages from the JSON
 * predicates, lowered against the live field catalog, references expanded from the workload
 * itself (no I/O), then compiled with the same functions the service runs.
 */
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { PredicateSchema, type Predicate } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { FieldCatalog } from "../../src/catalog/field-catalog.js";
import { expandReferences } from "../../src/evaluation/expand-references.js";
import type { Expr } from "../../src/ir/nodes.js";
import { walkExpr } from "../../src/ir/walk-expr.js";
import { lowerPredicate } from "../../src/lower/lower-predicate.js";
import { encodePredicate } from "../../src/lower/stored-predicate.js";
import type { PredicateJson } from "./predicate-json.js";
import { WORKLOAD } from "./segments.js";

/** One segment as the service sees it. */
export interface CompiledSegment {
  readonly name: string;
  readonly id: string;
  readonly message: Predicate;
  /** Lowered, references not expanded (what the service caches per version). */
  readonly lowered: Expr;
  /** Lowered with every reference expanded (what the service compiles). */
  readonly expanded: Expr;
  /**
   * The stored predicates of every segment `expanded` reaches through references, each once:
   * what expanding the references lowers besides loading them.
   */
  readonly referenced: readonly Predicate[];
}

/** The JSON predicate of each workload segment, references resolved to `ids`. */
export function workloadPredicates(ids: ReadonlyMap<string, string>): Map<string, PredicateJson> {
  const ref = (name: string): string => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`segment ${name} is referenced before it is created`);
    return id;
  };
  return new Map(WORKLOAD.map((s) => [s.name, s.predicate(ref)]));
}

/** Lowers and expands every workload segment; `ids` are the ids the service gave them. */
export async function compileWorkload(catalog: FieldCatalog, ids: ReadonlyMap<string, string>): Promise<CompiledSegment[]> {
  const predicates = workloadPredicates(ids);
  const byId = new Map<string, Predicate>();
  const messages = new Map<string, Predicate>();
  for (const [name, json] of predicates) {
    const message = fromJson(PredicateSchema, json as JsonValue);
    messages.set(name, message);
    byId.set(ids.get(name) as string, message);
  }
  const load = async (wanted: readonly string[]) =>
    new Map(wanted.flatMap((id) => (byId.has(id) ? [[id, { version: 1, predicate: encodePredicate(byId.get(id) as Predicate) }] as const] : [])));
  const out: CompiledSegment[] = [];
  for (const s of WORKLOAD) {
    const message = messages.get(s.name) as Predicate;
    const id = ids.get(s.name) as string;
    const lowered = lowerPredicate(message, "predicate", catalog);
    const expanded = await expandReferences(lowered, load, catalog, id);
    const referencedIds = new Set<string>();
    walkExpr(expanded, { relationWhere: false, segmentBodies: true }, (node) => {
      if (node.kind === "segment") referencedIds.add(node.segmentId);
    });
    out.push({ name: s.name, id, message, lowered, expanded, referenced: [...referencedIds].map((ref) => byId.get(ref) as Predicate) });
  }
  return out;
}
