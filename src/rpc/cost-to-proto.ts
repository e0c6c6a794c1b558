/** Costs and explanations → the API's EvaluationCost, CostClass and Explanation messages. */
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  CostClass as CostClassEnum,
  type EvaluationCost as EvaluationCostMessage,
  EvaluationCostSchema,
} from "../../gen/kontorion/segments/v1/segment_pb.js";
import { type Explanation as ExplanationMessage, ExplanationSchema } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { CostClass } from "../explain/cost-class.js";
import type { EvaluationCost, Explanation } from "../explain/evaluation-cost.js";

const COST_CLASSES: Readonly<Record<CostClass, CostClassEnum>> = {
  unspecified: CostClassEnum.UNSPECIFIED,
  indexed: CostClassEnum.INDEXED,
  partial_scan: CostClassEnum.PARTIAL_SCAN,
  full_scan: CostClassEnum.FULL_SCAN,
};

/** The API enum of a cost class. */
export function costClassToProto(costClass: CostClass): CostClassEnum {
  return COST_CLASSES[costClass];
}

/** A cost as the EvaluationCost message. */
export function costToProto(cost: EvaluationCost): EvaluationCostMessage {
  return create(EvaluationCostSchema, {
    costClass: costClassToProto(cost.costClass),
    estimatedRowsExamined: BigInt(cost.estimatedRowsExamined),
    queryCost: cost.queryCost,
    tables: cost.tables.map((t) => ({ table: t.table, accessType: t.accessType, index: t.index, rows: BigInt(t.rows), filtered: t.filtered })),
    warnings: cost.warnings.map((w) => ({ path: w.path, message: w.message })),
    computeTime: cost.computeTimeMs === undefined ? undefined : timestampFromMs(cost.computeTimeMs),
  });
}

/** An explanation as the Explanation message. */
export function explanationToProto(e: Explanation): ExplanationMessage {
  return create(ExplanationSchema, {
    sql: e.sql,
    bindings: [...e.bindings],
    explainJson: e.explainJson,
    cost: costToProto(e.cost),
    dialect: e.dialect,
  });
}
