/**
 * A `condition` node: a value test on a built-in column of the current row, or on a custom
 * field of the customer (its typed value row in `custom_field_values`, looked up by the
 * field's definition id).
 */
import { SCOPE_TABLES } from "../catalog/builtin-fields.js";
import type { ColumnField, CustomField } from "../ir/field-types.js";
import { customValueColumn } from "../catalog/custom-value-column.js";
import type { Expr, ValueTest } from "../ir/nodes.js";
import { CompileInvariantError } from "./compile-errors.js";
import { compileValueTest } from "./compile-value-test.js";
import { fillShape, fragmentShape, shapePerKey } from "./fragment-shape.js";
import type { PredicateContext } from "./predicate-context.js";
import { ALIAS, CUSTOM_VALUES, CUSTOMER_ID_COLUMN, ID_COLUMN, qualified } from "./schema-names.js";
import type { Knex } from "knex";
import { sql } from "./sql-builder.js";
import { type SqlTemplate, toFragment } from "./sql-template.js";

type ConditionExpr = Extract<Expr, { kind: "condition" }>;

/** Two-valued SQL for a condition over `ctx.row`. */
export function compileCondition(expr: ConditionExpr, ctx: PredicateContext): SqlTemplate {
  const { field } = expr;
  switch (field.kind) {
    case "column":
      return columnCondition(expr, field, ctx);
    case "custom":
      return customCondition(expr, field, ctx);
    default: {
      const impossible: never = field;
      throw new CompileInvariantError(expr.path, `unknown field kind ${JSON.stringify(impossible)}`);
    }
  }
}

function columnCondition(expr: ConditionExpr, field: ColumnField, ctx: PredicateContext): SqlTemplate {
  if (field.scope !== ctx.row.scope || field.table !== SCOPE_TABLES[ctx.row.scope].table) {
    throw new CompileInvariantError(expr.path, `field ${field.path} of ${field.scope} used in the ${ctx.row.scope} scope`);
  }
  return compileValueTest(
    { identifier: qualified(ctx.row.alias, field.column), type: field.type, nullable: field.nullable },
    expr.test,
    ctx,
    expr.path,
  );
}

/** `[NOT] EXISTS (value row of the customer <alias> with field id (hole 0) passing (hole 1))`. */
const customValueExistsShape = shapePerKey((negate: boolean, rowAlias: string) =>
  fragmentShape(2, (fieldId, valueTest) => {
    const valueRow = sql
      .select(sql.raw("1"))
      .from({ [ALIAS.customValue]: CUSTOM_VALUES.table })
      .whereRaw("?? = ??", [qualified(ALIAS.customValue, CUSTOMER_ID_COLUMN), qualified(rowAlias, ID_COLUMN)])
      .andWhereRaw("?? = ?", [qualified(ALIAS.customValue, CUSTOM_VALUES.fieldIdColumn), fieldId])
      .andWhere(valueTest);
    return sql.raw(negate ? "NOT EXISTS ?" : "EXISTS ?", [valueRow]);
  }),
);

/**
 * `EXISTS (value row with a non-NULL typed value passing the test)`; `not_exists` is its
 * complement for `exists`. Inside EXISTS a NULL comparison just drops the row, so a missing
 * value (no row, or a NULL typed value) gives false without a guard.
 */
function customCondition(expr: ConditionExpr, field: CustomField, ctx: PredicateContext): SqlTemplate {
  if (ctx.row.scope !== "customer") {
    throw new CompileInvariantError(expr.path, `custom field ${field.path} used in the ${ctx.row.scope} scope`);
  }
  if (!Number.isSafeInteger(field.definitionId)) {
    throw new CompileInvariantError(expr.path, `custom field ${field.path} has no valid definition id`);
  }
  const negate = expr.test.op === "not_exists";
  const test: ValueTest = negate ? { op: "exists" } : expr.test;
  const valueColumn = qualified(ALIAS.customValue, customValueColumn(field.type));
  const valueTest = compileValueTest({ identifier: valueColumn, type: field.type, nullable: false }, test, ctx, expr.path);
  return fillShape(customValueExistsShape(negate, ctx.row.alias), [field.definitionId, valueTest]);
}

/**
 * A member scan for a predicate that is one positive custom-field condition: the customers are
 * exactly the owners of the value rows passing the test (at most one row per customer and
 * field, and every value row belongs to a customer by foreign key), so the scan reads the
 * `(field_id, <typed value>)` index instead of probing every customer. Null for other predicates.
 */
export function customValueMemberScan(expr: Expr, ctx: PredicateContext): { readonly query: Knex.QueryBuilder; readonly customerId: string } | null {
  if (expr.kind !== "condition" || expr.field.kind !== "custom" || expr.test.op === "not_exists") return null;
  const { field } = expr;
  if (!Number.isSafeInteger(field.definitionId)) {
    throw new CompileInvariantError(expr.path, `custom field ${field.path} has no valid definition id`);
  }
  const customerId = qualified(ALIAS.customValue, CUSTOMER_ID_COLUMN);
  const valueColumn = qualified(ALIAS.customValue, customValueColumn(field.type));
  const query = sql
    .select({ [ID_COLUMN]: customerId })
    .from({ [ALIAS.customValue]: CUSTOM_VALUES.table })
    .whereRaw("?? = ?", [qualified(ALIAS.customValue, CUSTOM_VALUES.fieldIdColumn), field.definitionId])
    .andWhere(toFragment(compileValueTest({ identifier: valueColumn, type: field.type, nullable: false }, expr.test, ctx, expr.path)));
  return { query, customerId };
}
