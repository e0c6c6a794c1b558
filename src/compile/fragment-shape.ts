/**
 * Fixed SQL shapes: a statement or subquery whose text depends only on a few compile-time
 * choices (a scope, which clauses are present), built with knex once and reused. Assembling a
 * knex query and turning it into text costs about ten microseconds, filling a shape in is one
 * `knex.raw`. The parts that vary per use are holes: placeholders given to the builder, whose
 * values (bindings or fragments) are supplied per use, so the text is exactly what knex builds.
 */
import type { Knex } from "knex";
import { type SqlFragment, type SqlOperand, sql } from "./sql-builder.js";

/** The `index`-th value supplied when a shape is filled in. */
class Hole {
  constructor(readonly index: number) {}
}

/** SQL text with one `?` per binding; a binding is fixed or a hole. */
export interface FragmentShape {
  readonly sql: string;
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
  // A hole travels through knex as an opaque binding, like the slots of plan templates.
  const placeholders = Array.from({ length: holes }, (_, i) => sql.raw("?", [new Hole(i) as unknown as Knex.Value]));
  const compiled = build(...placeholders).toSQL();
  // The text is read again by knex.raw, where `??` would quote an identifier and `\?` escape.
  const marks = compiled.sql.match(/\?/g)?.length ?? 0;
  if (marks !== compiled.bindings.length || compiled.sql.includes("??") || compiled.sql.includes("\\?")) {
    throw new Error(`shape text does not have one plain ? per binding: ${compiled.sql}`);
  }
  return { sql: compiled.sql, bindings: compiled.bindings, holes };
}

/** The shape's fragment with its holes filled with `values`, in hole order. */
export function fillShape(shape: FragmentShape, values: readonly SqlOperand[]): SqlFragment {
  if (values.length !== shape.holes) throw new Error(`shape expects ${shape.holes} values, got ${values.length}`);
  return sql.raw(
    shape.sql,
    shape.bindings.map((b) => (b instanceof Hole ? values[b.index] : b)) as readonly Knex.Value[],
  );
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
