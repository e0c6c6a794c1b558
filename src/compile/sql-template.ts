/**
 * Conditions as knex.raw templates before they become knex fragments: text with `?` (a value, a
 * slot or a nested fragment) and `??` (an identifier) placeholders, with their bindings. The
 * compiler joins the templates of a condition tree as text and hands the whole tree to knex.raw
 * once, which still quotes every identifier and binds every value; a knex.raw per node would cost
 * about a microsecond and a few kilobytes of garbage each when the statement becomes text.
 *
 * Templates are only ever joined with a keyword, space or parenthesis between them, so two
 * placeholders never run together into a `??`.
 */
import { type SqlFragment, type SqlOperand, placeholders, sql } from "./sql-builder.js";

/** A knex.raw template and its bindings, one per placeholder. */
export class SqlTemplate {
  constructor(
    readonly text: string,
    readonly bindings: readonly SqlOperand[],
    /** Set when the template is exactly this knex fragment (`?` bound to it). */
    readonly fragment?: SqlFragment,
  ) {}
}

/** A template of `text` with `bindings`. */
export function sqlTemplate(text: string, bindings: readonly SqlOperand[] = []): SqlTemplate {
  return new SqlTemplate(text, bindings);
}

/** A knex fragment as a template. */
export function fragmentTemplate(fragment: SqlFragment): SqlTemplate {
  return new SqlTemplate("?", [fragment], fragment);
}

/** `?, ?, ?` with `values` bound: the inside of an `IN (...)` list. */
export function valueList(values: readonly SqlOperand[]): SqlTemplate {
  return new SqlTemplate(placeholders(values.length), values);
}

/** The template as one knex fragment. */
export function toFragment(template: SqlTemplate): SqlFragment {
  return template.fragment ?? sql.raw(template.text, template.bindings);
}

/** `(a <operator> b <operator> ...)`. */
export function joinTemplates(operator: "AND" | "OR", parts: readonly SqlTemplate[]): SqlTemplate {
  let text = "(";
  const bindings: SqlOperand[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as SqlTemplate;
    text += i === 0 ? part.text : ` ${operator} ${part.text}`;
    for (const binding of part.bindings) bindings.push(binding);
  }
  return new SqlTemplate(`${text})`, bindings);
}

/** `<before><template><after>`, with `leading` bound to placeholders in `before`. */
export function wrapTemplate(before: string, template: SqlTemplate, after: string, leading: readonly SqlOperand[] = []): SqlTemplate {
  if ((before.endsWith("?") && template.text.startsWith("?")) || (template.text.endsWith("?") && after.startsWith("?"))) {
    throw new Error(`placeholders would run together: ${before}${template.text}${after}`);
  }
  const bindings = leading.slice();
  for (const binding of template.bindings) bindings.push(binding);
  return new SqlTemplate(`${before}${template.text}${after}`, bindings);
}
