/**
 * Property tests: the SQL compiler agrees with the independent reference evaluator on random
 * predicates over a generated dataset loaded into MariaDB (docs/semantics.md is the spec of
 * both). FC_NUM_RUNS sets the runs per property, FC_SEED the seed (printed on failure).
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import fc from "fast-check";
import { checkCount, checkMembers, checkMembership, checkPagination, checkPartition } from "./compiler-checks.js";
import { openDefaultPropertyDatabase, type PropertyDatabase } from "./property-database.js";
import { predicateArbitraries, type PredicateArbitraries } from "./predicate-arbitrary.js";
import { assertParameters, numRuns, seed } from "./fast-check-settings.js";

const RUNS = numRuns();
const SEED = seed();
const TIMEOUT_MS = Math.max(120_000, RUNS * 200);

let db: PropertyDatabase;
let arbs: PredicateArbitraries;
const checked = { a: 0, b: 0, c: 0, d: 0, e: 0 };

beforeAll(async () => {
  db = await openDefaultPropertyDatabase("segments_test_property");
  arbs = predicateArbitraries(db.universe);
}, 660_000);

afterAll(async () => {
  const total = checked.a + checked.b + checked.c + checked.d + checked.e;
  console.log(
    `property tests: ${total} random predicates checked (a=${checked.a} b=${checked.b} c=${checked.c} d=${checked.d} e=${checked.e}), seed ${SEED}, ${RUNS} runs per property (a)-(d)`,
  );
  await db?.close();
});

describe(`the compiled SQL agrees with the reference evaluator (seed ${SEED})`, () => {
  it(
    "(a) the member scan returns exactly the reference's members",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbs.predicate, arbs.instant, async (expr, instant) => {
          checked.a++;
          await checkMembers(db, expr, instant);
        }),
        assertParameters(RUNS, SEED),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "(b) members(P) and members(not P) partition all customers",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbs.predicate, arbs.instant, async (expr, instant) => {
          checked.b++;
          await checkPartition(db, expr, instant);
        }),
        assertParameters(RUNS, SEED + 1),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "(c) the membership query of a subset of ids agrees with the reference",
    async () => {
      const ids = fc
        .tuple(fc.subarray([...db.allIds], { minLength: 1, maxLength: 40 }), fc.option(fc.constantFrom(0, 999_999_999), { freq: 5 }))
        .map(([known, unknown]) => (unknown === null ? known : [...known, unknown]))
        // A repeated id must still give one row.
        .chain((list) => fc.constantFrom(list, [...list, list[0] as number]));
      await fc.assert(
        fc.asyncProperty(arbs.predicate, arbs.instant, ids, async (expr, instant, chosen) => {
          checked.c++;
          await checkMembership(db, expr, instant, chosen);
        }),
        assertParameters(RUNS, SEED + 2),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "(d) the count query equals the reference count",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbs.predicate, arbs.instant, async (expr, instant) => {
          checked.d++;
          await checkCount(db, expr, instant);
        }),
        assertParameters(RUNS, SEED + 3),
      );
    },
    TIMEOUT_MS,
  );

  it(
    "(e) keyset pages of every partition give the reference's members exactly once",
    async () => {
      await fc.assert(
        fc.asyncProperty(arbs.predicate, arbs.instant, fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 4 }), async (expr, instant, pageSize, partitions) => {
          checked.e++;
          await checkPagination(db, expr, instant, pageSize, partitions);
        }),
        // Several statements per predicate: a quarter of the runs.
        assertParameters(Math.max(1, Math.ceil(RUNS / 4)), SEED + 4),
      );
    },
    TIMEOUT_MS,
  );
});
