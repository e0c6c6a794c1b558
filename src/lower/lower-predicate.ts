/**
 * Lowering: the one place that reads the protobuf Predicate. It validates every node against
 * the field catalog and the limits of docs/semantics.md and produces the IR
 * (src/ir/nodes.ts). Errors are INVALID_ARGUMENT user errors carrying the path of the bad
 * node, e.g. `predicate.and[2].condition.value`; the `predicates` level of an and/or list is
 * transparent in paths (`and[2]`, not `and.predicates[2]`).
 */
import type { Predicate, PredicateList } from "../../gen/kontorion/segments/v1/predicate_pb.js";
import type { FieldCatalog } from "../catalog/field-catalog.js";
import { scopeEnumName } from "./proto-enums.js";
import { invalidArgument } from "../errors/user-error.js";
import type { Expr, ScopeName } from "../ir/nodes.js";
import { lowerCondition } from "./lower-condition.js";
import type { LowerContext } from "./lower-context.js";
import { lowerRelation } from "./lower-relation.js";
import { checkNestingLevel, MAX_SEGMENT_ID_CHARS, NodeBudget } from "./predicate-limits.js";

type NodeCase = NonNullable<Predicate["node"]["case"]>;
type NodeValue<C extends NodeCase> = Extract<Predicate["node"], { case: C }>["value"];

/**
 * Lowers the value of one node case. `path` is the case's path (`predicate.and`), `nodePath`
 * the Predicate's (`predicate`), `levels` the and/or/not/relation nodes enclosing the node.
 */
type NodeHandler<C extends NodeCase> = (value: NodeValue<C>, path: string, ctx: LowerContext, levels: number, nodePath: string) => Expr;

function lowerList(kind: "and" | "or"): NodeHandler<"and"> & NodeHandler<"or"> {
  return (list: PredicateList, path: string, ctx: LowerContext, levels: number, nodePath: string): Expr => {
    checkNestingLevel(levels, nodePath);
    if (list.predicates.length === 0) throw invalidArgument(path, `${kind} needs at least one predicate`, "MISSING_FIELD");
    const items = list.predicates.map((child, i) => lowerNode(child, `${path}[${i}]`, ctx, levels + 1));
    return { kind, path, items };
  };
}

function outsideRelationOnly(what: string, path: string, ctx: LowerContext): void {
  if (ctx.scope !== "customer") {
    throw invalidArgument(
      path,
      `${what} cannot appear inside a relation's where, which only tests fields of ${scopeEnumName(ctx.scope)} rows with and/or/not/condition; combine it with the relation at the customer level instead`,
    );
  }
}

/** One handler per node case: a new case without a handler does not compile. */
const NODE_HANDLERS: { readonly [C in NodeCase]: NodeHandler<C> } = {
  and: lowerList("and"),
  or: lowerList("or"),
  not: (child, path, ctx, levels, nodePath) => {
    checkNestingLevel(levels, nodePath);
    return { kind: "not", path, item: lowerNode(child, path, ctx, levels + 1) };
  },
  condition: (condition, path, ctx) => lowerCondition(condition, path, ctx),
  relation: (relation, path, ctx, levels, nodePath) => {
    outsideRelationOnly("a relation", path, ctx);
    checkNestingLevel(levels, nodePath);
    return lowerRelation(relation, path, ctx, (where, wherePath, scope) => lowerNode(where, wherePath, { ...ctx, scope }, levels + 1));
  },
  segment: (reference, path, ctx) => {
    outsideRelationOnly("a segment reference", path, ctx);
    if (reference.segmentId === "") throw invalidArgument(`${path}.segment_id`, "segment_id is required", "MISSING_FIELD");
    if (reference.segmentId.length > MAX_SEGMENT_ID_CHARS) {
      throw invalidArgument(`${path}.segment_id`, `segment_id is longer than ${MAX_SEGMENT_ID_CHARS} characters`, "LIMIT_EXCEEDED");
    }
    return { kind: "segment", path, segmentId: reference.segmentId, body: null, version: 0 };
  },
};

function dispatch<C extends NodeCase>(node: { case: C; value: NodeValue<C> }, nodePath: string, ctx: LowerContext, levels: number): Expr {
  const handler = NODE_HANDLERS[node.case] as NodeHandler<C>;
  return handler(node.value, `${nodePath}.${node.case}`, ctx, levels, nodePath);
}

function lowerNode(predicate: Predicate, path: string, ctx: LowerContext, levels: number): Expr {
  ctx.budget.visit(path);
  const node = predicate.node;
  if (node.case === undefined) {
    throw invalidArgument(path, "predicate node is not set; set one of and, or, not, condition, relation, segment", "MISSING_FIELD");
  }
  return dispatch(node, path, ctx, levels);
}

/**
 * Validates a predicate and lowers it to the IR.
 * @param predicate the request's predicate; undefined is rejected as missing.
 * @param path the request path of the predicate, e.g. `predicate` or `target.predicate`.
 * @param scope `customer` for a whole predicate; a relation scope lowers a `where` alone.
 * @throws UserError `invalid_argument` with the path of the first bad node.
 */
export function lowerPredicate(predicate: Predicate | undefined, path: string, catalog: FieldCatalog, scope: ScopeName = "customer"): Expr {
  if (predicate === undefined) throw invalidArgument(path, "predicate is required", "MISSING_FIELD");
  return lowerNode(predicate, path, { catalog, scope, budget: new NodeBudget() }, 0);
}
