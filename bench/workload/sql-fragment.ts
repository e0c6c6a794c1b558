/**
 * A tiny tagged template for the hand-written SQL of the workload: interpolated values become
 * `?` bindings (arrays expand to `?, ?, ?`), interpolated fragments are spliced in with their
 * bindings. Only this file's template literals are SQL text.
 */

/** A value bound to a placeholder. */
export type Binding = string | number | null;

/** SQL text with its bindings in placeholder order. */
export interface SqlFragment {
  readonly sql: string;
  readonly bindings: readonly Binding[];
}

/** The pieces a fragment may interpolate. */
export type Interpolated = SqlFragment | Binding | readonly Binding[];

function isFragment(value: Interpolated): value is SqlFragment {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "sql" in value;
}

/** `q\`c.tier = ${"enterprise"}\`` → `{ sql: "c.tier = ?", bindings: ["enterprise"] }`. */
export function q(strings: TemplateStringsArray, ...values: readonly Interpolated[]): SqlFragment {
  let text = strings[0] ?? "";
  const bindings: Binding[] = [];
  values.forEach((value, i) => {
    if (isFragment(value)) {
      text += value.sql;
      bindings.push(...value.bindings);
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new Error("an empty list cannot be bound");
      text += value.map(() => "?").join(", ");
      bindings.push(...(value as readonly Binding[]));
    } else {
      text += "?";
      bindings.push(value as Binding);
    }
    text += strings[i + 1] ?? "";
  });
  return { sql: text, bindings };
}

/** Joins fragments with a separator (e.g. ` AND `). */
export function join(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(separator), bindings: parts.flatMap((p) => p.bindings) };
}

/** Fixed SQL text written in this workload's source (never a value): spliced in as is. */
export function raw(text: string): SqlFragment {
  return { sql: text, bindings: [] };
}
