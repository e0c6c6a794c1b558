import { LOGIC_CASES, SEGMENT_CASES } from "./cases/logic.cases.js";
import { describePredicateCases } from "./fixtures/predicate-cases.js";

describePredicateCases("and / or / not", LOGIC_CASES);
describePredicateCases("segment references (inlined bodies)", SEGMENT_CASES);
