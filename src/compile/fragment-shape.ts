/**
 * Fixed SQL shapes: a statement or subquery whose text depends only on a few compile-time
 * choices (a scope, which clauses are present), built with knex once and reused. Assembling a
 * knex query and turning it into text costs about ten microseconds; filling a shape in is a
 * little string work. The parts that vary per use are holes: placeholders given to the builder,
 * filled per use with a binding or a template (src/compile/sql-template.ts), so the text is
 * exactly what knex builds for them.
 */
import type { Knex } from "knex";
import { type SqlFragment, type SqlOperand, sql } from "./sql-builder.js";
import { SqlTemplate } from "./sql-template.js";

/** The `index`-th value supplied when a shape is filled in. */
class Hole {
  constructor(readonly index: number) {}
}

/** Knex's text of a query split at its placeholders, with the binding of each. */
export interface FragmentShape {
  /** The text between placeholders: binding `i` stands between pieces `i` and `i + 1`. */
  readonly pieces: readonly string[];
  /** Fixed values and holes, in text order. */
  readonly bindings: readonly unknown[];
  /** How many values `fillShape` expects. */
  readonly holes: number;
}

/**
 * Builds a shape: `build` gets one placeholder fragment per hole and returns the knex query
 * or fragment using them (each where a fragment can stand). A hole may be used more than once,
 * or not at all by some shapes of a family (its value is then ignored).
 */
export function fragmentShape(holes: number, build: (...holes: SqlFragment[]) => Knex.QueryBuilder | Knex.Raw): FragmentShape {
  // A hole travels through knex as an opaque binding, like the slots of slotted plans.
  const placeholders = Array.from({ length: holes }, (_, i) => sql.raw("?", [new Hole(i) as unknown as Knex.Value]));
  const compiled = build(...placeholders).toSQL();
  const pieces = compiled.sql.split("?");
  // The filled text is read again by knex.raw, where `??` would quote an identifier and `\?` escape.
  if (pieces.length !== compiled.bindings.length + 1 || compiled.sql.includes("??") || compiled.sql.includes("\\?")) {
    throw new Error(`shape text does not have one plain ? per binding: ${compiled.sql}`);
  }
  return { pieces, bindings: compiled.bindings, holes };
}

/**
 * The shape's text with its holes filled with `values`, in hole order: a binding takes its
 * placeholder, a template replaces it. No piece contains a `?`, so a template's placeholders
 * never run together with the shape's.
 */
export function fillShape(shape: FragmentShape, values: readonly (SqlOperand | SqlTemplate)[]): SqlTemplate {
  if (values.length !== shape.holes) throw new Error(`shape expects ${shape.holes} values, got ${values.length}`);
  let text = shape.pieces[0] as string;
  const bindings: SqlOperand[] = [];
  for (let i = 0; i < shape.bindings.length; i++) {
    const binding = shape.bindings[i];
    const value = binding instanceof Hole ? values[binding.index] : (binding as SqlOperand);
    if (value instanceof SqlTemplate) {
      text += value.text;
      for (const inner of value.bindings) bindings.push(inner);
    } else {
      text += "?";
      bindings.push(value as SqlOperand);
    }
    text += shape.pieces[i + 1] as string;
  }
  return new SqlTemplate(text, bindings);
}

/**
 * `build` memoized per argument list. The arguments must come from a small fixed set (scopes,
 * aliases, flags), never from a request, so the number of shapes stays bounded.
 */
export function shapePerKey<A extends readonly (string | number | boolean)[]>(build: (...args: A) => FragmentShape): (...args: A) => FragmentShape {
  const shapes = new Map<string, FragmentShape>();
  return (...args: A): FragmentShape => {
    const key = args.join("\u0000");
    let shape = shapes.get(key);
    if (shape === undefined) {
      shape = build(...args);
      shapes.set(key, shape);
    }
    return shape;
  };
}
