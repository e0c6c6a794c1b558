/**
 * Limits that keep every accepted pattern compilable on every engine. RE2 refuses nested
 * counted repetitions whose counts multiply past 1000, and MariaDB's PCRE2 (8-bit, 2-byte
 * links) refuses compiled programs over 64 KiB, which a repeated group reaches quickly because
 * PCRE2 copies the group once per repetition. Both are checked on the syntax tree, so the
 * caller gets an error when saving instead of a database error when evaluating.
 */
import type { RegexNode } from "./regex-ast.js";
import { RegexSyntaxError } from "./parse-regex.js";

/** RE2's limit on the product of nested counted repetitions. */
export const MAX_NESTED_REPEAT_PRODUCT = 1000;
/** Budget of the PCRE2 program size estimate (bytes); half of PCRE2's 64 KiB, for margin. */
export const MAX_COMPILED_SIZE_ESTIMATE = 32_000;

/**
 * Throws when the pattern would exceed an engine's compile limits.
 * @throws RegexSyntaxError pointing at the repetition that crosses a limit.
 */
export function checkRegexComplexity(node: RegexNode): void {
  checkNestedRepeats(node, MAX_NESTED_REPEAT_PRODUCT);
  estimateCompiledSize(node);
}

/** Mirrors RE2's RepetitionWalker: integer-divides the budget by each nested count. */
function checkNestedRepeats(node: RegexNode, budget: number): void {
  switch (node.kind) {
    case "repeat": {
      const count = node.max ?? node.min;
      const remaining = count > 0 ? Math.floor(budget / count) : budget;
      if (remaining === 0) {
        throw new RegexSyntaxError(
          node.position,
          `nested repetition counts multiply to more than ${MAX_NESTED_REPEAT_PRODUCT}; reduce the counts`,
        );
      }
      checkNestedRepeats(node.body, remaining);
      return;
    }
    case "alternation":
      node.branches.forEach((b) => checkNestedRepeats(b, budget));
      return;
    case "sequence":
      node.items.forEach((i) => checkNestedRepeats(i, budget));
      return;
    case "group":
      checkNestedRepeats(node.body, budget);
      return;
    case "char":
    case "dot":
    case "class":
      return;
    default: {
      const impossible: never = node;
      throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
    }
  }
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** An over-estimate of PCRE2's compiled size in bytes; throws at the first node over budget. */
function estimateCompiledSize(node: RegexNode): number {
  const size = sizeOf(node);
  if (size > MAX_COMPILED_SIZE_ESTIMATE) {
    throw new RegexSyntaxError(
      node.position,
      `the pattern is too large once its repetitions are expanded (estimated ${size} > ${MAX_COMPILED_SIZE_ESTIMATE}); reduce the repetition counts of groups`,
    );
  }
  return size;
}

function sizeOf(node: RegexNode): number {
  switch (node.kind) {
    case "char":
      return 1 + utf8Length(node.codePoint);
    case "dot":
      return 3;
    case "class":
      return 40 + 9 * node.items.filter((i) => i.kind === "range" && i.to >= 0x80).length;
    case "sequence":
      return node.items.reduce((sum, item) => sum + estimateCompiledSize(item), 0);
    case "alternation":
      return node.branches.reduce((sum, b) => sum + estimateCompiledSize(b) + 3, 0);
    case "group":
      return 6 + estimateCompiledSize(node.body);
    case "repeat": {
      const body = estimateCompiledSize(node.body);
      if (node.body.kind !== "group") return 2 * body + 6;
      const copies = node.max ?? Math.max(node.min, 1) + (node.min > 1 ? 1 : 0);
      return Math.max(copies, 1) * (body + 1);
    }
    default: {
      const impossible: never = node;
      throw new Error(`unknown regex node ${JSON.stringify(impossible)}`);
    }
  }
}
