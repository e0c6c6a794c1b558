/**
 * Demo data for `make run-demo`: a generated billing dataset (only into an empty customers table)
 * and the example segments (only when no segment exists), so a fresh machine has something to
 * query. Never touches a database that already holds customers or segments.
 */
import type { Knex } from "knex";
import type { Logger } from "pino";
import { generateDataset } from "../datagen/generate-dataset.js";
import { loadDataset } from "../datagen/load-dataset.js";
import { SEGMENTS_TABLE } from "../db/segment-store-tables.js";
import { encodePredicateJson } from "../lower/stored-predicate.js";
import type { SegmentCommands } from "../segments/segment-commands.js";
import { DEMO_SEGMENTS } from "./demo-segments.js";

/** Number of demo customers. */
const DEMO_CUSTOMERS = 5000;

/** Loads demo customers and segments where there are none. */
export async function loadDemoData(knex: Knex, commands: SegmentCommands, logger: Logger): Promise<void> {
  const customers = (await knex("customers").count({ n: "*" }).first()) as { n: number | string };
  if (Number(customers.n) === 0) {
    await loadDataset(knex, generateDataset({ seed: 42, customers: DEMO_CUSTOMERS, anchorsMs: [Date.now()] }));
    // Fresh statistics, so the costs stored with the demo segments reflect the loaded data.
    await knex.raw("ANALYZE TABLE customers, subscriptions, invoices, wallets, verifications, custom_field_values");
    logger.info({ customers: DEMO_CUSTOMERS }, "demo customers loaded");
  }
  const segments = (await knex(SEGMENTS_TABLE).whereNull("deleted_at").count({ n: "*" }).first()) as { n: number | string };
  if (Number(segments.n) === 0) {
    for (const s of DEMO_SEGMENTS) {
      await commands.create({ name: s.name, description: s.description, predicate: encodePredicateJson(s.predicate as never) });
    }
    logger.info({ segments: DEMO_SEGMENTS.length }, "demo segments created");
  }
}
