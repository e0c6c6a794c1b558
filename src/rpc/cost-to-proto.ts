/** Costs and explanations → the API's EvaluationCost, CostClass and Explanation messages. */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { CostClass, type EvaluationCost, EvaluationCostSchema } from "../../gen/kontorion/segments/v1/segment_pb.js";
import { type Explanation, ExplanationSchema } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CostClass as CostClassName } from "../explain/cost-class.js";
import type { CostEstimate, ExplainResult } from "../explain/cost-estimate.js";

const COST_CLASSES: Readonly<Record<CostClassName, CostClass>> = {
  unspecified: CostClass.UNSPECIFIED,
  indexed: CostClass.INDEXED,
  partial_scan: CostClass.PARTIAL_SCAN,
  full_scan: CostClass.FULL_SCAN,
};

/** The API enum of a cost class. */
export function costClassToProto(costClass: CostClassName): CostClass {
  return COST_CLASSES[costClass];
}

/** A cost estimate as the EvaluationCost message. */
export function costToProto(cost: CostEstimate): EvaluationCost {
  return create(EvaluationCostSchema, {
    costClass: costClassToProto(cost.costClass),
    estimatedRowsExamined: BigInt(cost.estimatedRowsExamined),
    queryCost: cost.queryCost,
    tables: cost.tables.map((t) => ({ table: t.table, accessType: t.accessType, index: t.index, rows: BigInt(t.rows), filtered: t.filtered })),
    warnings: cost.warnings.map((w) => ({ path: w.path, message: w.message })),
    computeTime: cost.computeTimeMs === undefined ? undefined : timestampFromMs(cost.computeTimeMs),
  });
}

/** An explain result as the Explanation message. */
export function explanationToProto(e: ExplainResult): Explanation {
  return create(ExplanationSchema, {
    sql: e.sql,
    bindings: [...e.bindings],
    explainJson: e.explainJson,
    cost: costToProto(e.cost),
    dialect: e.dialect,
  });
}
