import { AVG_CASES, COUNT_CASES, MIN_MAX_CASES, QUANTIFIER_CASES, SUM_CASES } from "./cases/relation.cases.js";
import { describePredicateCases } from "./fixtures/predicate-cases.js";

describePredicateCases("relations: any, all, none", QUANTIFIER_CASES);
describePredicateCases("relations: count", COUNT_CASES);
describePredicateCases("relations: sum (0 without rows)", SUM_CASES);
describePredicateCases("relations: min and max (false without rows)", MIN_MAX_CASES);
describePredicateCases("relations: exact avg (false without rows)", AVG_CASES);
