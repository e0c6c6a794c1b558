/**
 * The compile-time measure of the benchmark without a database: `npx tsx bench/compile-times.ts
 * [--iterations N] [--only name,name] [--repeat R]`. The catalog is the built-in fields plus the
 * generator's custom field definitions (ids 1.., as a fresh load gives them) and the workload's
 * references point at made-up ids, so the statements are those of `make bench` up to the ids.
 * For profiling: `node --import tsx --cpu-prof bench/compile-times.ts` (or `--trace-gc`).
 */
import { parseArgs } from "node:util";
import { buildFieldCatalog } from "../src/catalog/field-catalog.js";
import { CUSTOM_FIELD_DEFINITIONS } from "../src/datagen/custom-field-definitions.js";
import { DEFAULT_ANCHORS_MS } from "../src/datagen/generate-dataset.js";
import { integerOption, listOption } from "./cli-options.js";
import { measureCompileTimes, type CompileTimeResult } from "./measure/compile-time-bench.js";
import type { Summary } from "./measure/percentiles.js";
import { compileWorkload } from "./workload/compiled.js";
import { WORKLOAD } from "./workload/segments.js";

interface Args {
  readonly iterations: number;
  readonly only: readonly string[] | null;
  readonly repeat: number;
}

function readArgs(): Args {
  const { values } = parseArgs({ options: { iterations: { type: "string" }, only: { type: "string" }, repeat: { type: "string" } } });
  return {
    iterations: integerOption("iterations", values.iterations, 5000, 1),
    only: values.only === undefined ? null : listOption("only", values.only, []),
    repeat: integerOption("repeat", values.repeat, 1, 1),
  };
}

const us = (s: Summary): string => `${s.p50.toFixed(1).padStart(6)} / ${s.p99.toFixed(1).padStart(6)}`;

function print(result: CompileTimeResult): void {
  console.log(`${"segment".padEnd(26)} ${"uncached p50 / p99".padEnd(19)} ${"IR cached p50 / p99".padEnd(19)} template p50 / p99`);
  for (const row of [...result.rows, { name: "all", ...result.all }]) {
    console.log(`${row.name.padEnd(26)} ${us(row.uncachedUs).padEnd(19)} ${us(row.irCachedUs).padEnd(19)} ${us(row.templateCachedUs)}`);
  }
}

async function main(): Promise<void> {
  const args = readArgs();
  const catalog = buildFieldCatalog(CUSTOM_FIELD_DEFINITIONS.map((d, i) => ({ id: i + 1, key: d.key, type: d.type, enumValues: d.enumValues, description: d.description })));
  const ids = new Map(WORKLOAD.map((s, i) => [s.name, `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`]));
  const segments = (await compileWorkload(catalog, ids)).filter((s) => args.only === null || args.only.includes(s.name));
  for (let r = 0; r < args.repeat; r++) {
    print(measureCompileTimes(segments, catalog, { iterations: args.iterations, instantMs: DEFAULT_ANCHORS_MS[0] as number, customers: 20_000 }));
  }
}

await main();
