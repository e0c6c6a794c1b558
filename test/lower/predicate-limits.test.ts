/** The limits of docs/semantics.md §9: nesting depth 32 and 2000 nodes, reported at the crossing node. */
import type { JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { MAX_NESTING_LEVELS, MAX_PREDICATE_NODES } from "../../src/lower/predicate-limits.js";
import { cond, expectInvalid, lowerJson, rel } from "./lower-fixtures.js";

const leaf = cond("country", "OPERATOR_EXISTS");

function nestedNots(levels: number): JsonValue {
  let node: JsonValue = leaf;
  for (let i = 0; i < levels; i++) node = { not: node };
  return node;
}

function nestedAnds(levels: number, inner: JsonValue): JsonValue {
  let node = inner;
  for (let i = 0; i < levels; i++) node = { and: { predicates: [node] } };
  return node;
}

function andOf(count: number, child: () => JsonValue): JsonValue {
  return { and: { predicates: Array.from({ length: count }, child) } };
}

describe("nesting depth", () => {
  it("allows 32 levels of not above a condition", () => {
    expect(() => lowerJson(nestedNots(MAX_NESTING_LEVELS))).not.toThrow();
  });

  it("rejects the 33rd level, at its path", () => {
    expectInvalid(() => lowerJson(nestedNots(33)), `predicate${".not".repeat(32)}`, "nested more than 32 levels deep");
  });

  it("counts and, relation and the relation's where levels alike", () => {
    const relation = (where: JsonValue): JsonValue => rel({ scope: "SCOPE_INVOICES", quantifier: "QUANTIFIER_ANY", where });
    expect(() => lowerJson(nestedAnds(30, relation({ not: cond("status", "OPERATOR_EXISTS") })))).not.toThrow();
    expectInvalid(
      () => lowerJson(nestedAnds(30, relation({ not: { not: cond("status", "OPERATOR_EXISTS") } }))),
      `predicate${".and[0]".repeat(30)}.relation.where.not`,
      "nested more than 32 levels deep",
    );
  });
});

describe("node count", () => {
  it("allows 2000 nodes", () => {
    expect(() => lowerJson(andOf(MAX_PREDICATE_NODES - 1, () => leaf))).not.toThrow();
  });

  it("rejects node 2001 at its path", () => {
    expectInvalid(() => lowerJson(andOf(MAX_PREDICATE_NODES, () => leaf)), "predicate.and[1999]", "more than 2000 nodes");
  });

  it("counts the nodes inside relations", () => {
    const relation = (): JsonValue =>
      rel({ scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_NONE", where: { or: { predicates: [cond("currency", "OPERATOR_EXISTS"), cond("balance", "OPERATOR_EXISTS")] } } });
    // Each relation is 4 nodes (relation, or, two conditions): 1 + 499 * 4 = 1997, then 4 more crosses 2000.
    expect(() => lowerJson(andOf(499, relation))).not.toThrow();
    expectInvalid(() => lowerJson(andOf(500, relation)), "predicate.and[499].relation.where.or[1]", "more than 2000 nodes");
  });
});
