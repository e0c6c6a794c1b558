import { BOOL_CASES, ENUM_CASES, INTEGER_CASES, MATCHES_CASES, STRING_CASES, TIMESTAMP_CASES } from "./cases/customer-column.cases.js";
import { describePredicateCases } from "./fixtures/predicate-cases.js";

describePredicateCases("string column conditions", STRING_CASES);
describePredicateCases("matches (anchored regex)", MATCHES_CASES);
describePredicateCases("enum column conditions", ENUM_CASES);
describePredicateCases("integer column conditions", INTEGER_CASES);
describePredicateCases("bool column conditions", BOOL_CASES);
describePredicateCases("timestamp column conditions and relative time", TIMESTAMP_CASES);
