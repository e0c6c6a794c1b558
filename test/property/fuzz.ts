/**
 * Long fuzzing run of the compiler against the reference evaluator (for `make fuzz-compiler`):
 * every random predicate is checked by properties (a)-(d) on MariaDB, every tenth also by (e),
 * over several generated datasets.
 *
 *   FUZZ_PREDICATES=100000 FC_SEED=123 npx tsx test/property/fuzz.ts
 *
 * Environment: FUZZ_PREDICATES (default 100000), FUZZ_DATASETS (default 4), FC_SEED (default:
 * fresh, printed), DATASET_SEED / DATASET_CUSTOMERS (first dataset; later ones use the next
 * seeds), FUZZ_DATABASE (default segments_test_property_fuzz). Exits 1 on the first
 * counterexample, after shrinking it, with the seed and path to replay it.
 */
import fc from "fast-check";
import { generateDataset } from "../../src/datagen/generate-dataset.js";
import { Mismatch, checkCount, checkMembers, checkMembership, checkPagination, checkPartition } from "./compiler-checks.js";
import { openPropertyDatabase, propertyDatasetOptions, reloadPropertyDatabase, type PropertyDatabase } from "./property-database.js";
import { predicateArbitraries } from "./predicate-arbitrary.js";
import { seed as seedFromEnv } from "./fast-check-settings.js";

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return n;
}

async function main(): Promise<number> {
  const total = positiveInt("FUZZ_PREDICATES", 100_000);
  const datasets = positiveInt("FUZZ_DATASETS", 4);
  const seed = seedFromEnv();
  const database = process.env["FUZZ_DATABASE"] || "segments_test_property_fuzz";
  const keepGoing = process.env["FUZZ_KEEP_GOING"] === "1";
  let mismatches = 0;
  const base = propertyDatasetOptions();
  console.log(`fuzz-compiler: ${total} predicates over ${datasets} datasets, FC_SEED=${seed}, database ${database}`);

  let db: PropertyDatabase | undefined;
  let checked = 0;
  const started = Date.now();
  try {
    for (let k = 0; k < datasets; k++) {
      const options = { ...base, seed: base.seed + k };
      const data = generateDataset(options);
      db = db ? await reloadPropertyDatabase(db, data) : await openPropertyDatabase(database, data);
      const current = db;
      const arbs = predicateArbitraries(current.universe);
      const runs = Math.floor(total / datasets) + (k < total % datasets ? 1 : 0);
      const ids = fc.subarray([...current.allIds], { minLength: 1, maxLength: 40 });
      const paging = fc.tuple(fc.integer({ min: 1, max: 150 }), fc.integer({ min: 1, max: 4 }), fc.nat({ max: 9 }).map((n) => n === 0));
      console.log(`dataset ${k + 1}/${datasets}: DATASET_SEED=${options.seed}, ${data.customers.length} customers, ${runs} predicates`);
      const result = await fc.check(
        fc.asyncProperty(arbs.predicate, arbs.instant, ids, paging, async (expr, instant, chosen, [pageSize, partitions, sampled]) => {
          try {
            await checkMembers(current, expr, instant);
            await checkPartition(current, expr, instant);
            await checkMembership(current, expr, instant, chosen);
            await checkCount(current, expr, instant);
            if (sampled) await checkPagination(current, expr, instant, pageSize, partitions);
          } catch (err) {
            if (!keepGoing || !(err instanceof Mismatch)) throw err;
            mismatches++;
            console.log(`MISMATCH #${mismatches} (DATASET_SEED=${options.seed})\n${err.message.split("\n").slice(0, 6).join("\n")}`);
          }
          checked++;
          if (checked % 5000 === 0) {
            const rate = checked / ((Date.now() - started) / 1000);
            console.log(`  ${checked} predicates checked (${rate.toFixed(0)}/s)`);
          }
        }),
        { numRuns: runs, seed: seed + k },
      );
      if (result.failed) {
        console.error(fc.defaultReportMessage(result));
        console.error(`replay: FC_SEED=${seed} DATASET_SEED=${base.seed} (dataset ${k + 1}: seed ${seed + k}, DATASET_SEED=${options.seed})`);
        return 1;
      }
    }
  } finally {
    await db?.close();
  }
  const summary = mismatches === 0 ? "no counterexample" : `${mismatches} mismatching predicates`;
  console.log(`fuzz-compiler: ${checked} random predicates checked, each by properties (a)-(d), every tenth also by (e); ${summary} (FC_SEED=${seed}, ${((Date.now() - started) / 1000).toFixed(0)}s)`);
  return mismatches === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
