import { LAST_N_CASES, PERIOD_CASES } from "./cases/window.cases.js";
import { describePredicateCases } from "./fixtures/predicate-cases.js";

describePredicateCases("windows: last N (ROW_NUMBER in a derived table)", LAST_N_CASES);
describePredicateCases("windows: period [from, to)", PERIOD_CASES);
