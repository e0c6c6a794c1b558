/**
 * The service's own tables. `segment_versions` rows are immutable: every save appends one.
 * `active_name` is the name while the segment is not deleted and NULL after, so the unique
 * index enforces unique names among live segments only.
 */
import type { Knex } from "knex";

/** Creates the segment store tables. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable("segments", (t) => {
    t.engine("InnoDB");
    t.charset("utf8mb4");
    t.collate("utf8mb4_bin");
    t.string("id", 40).primary();
    t.string("name", 200).notNullable();
    t.string("active_name", 200).nullable().unique({ indexName: "segments_active_name_uq" });
    t.string("description", 2000).notNullable().defaultTo("");
    t.integer("current_version").unsigned().notNullable();
    t.bigInteger("cost_rows").nullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.datetime("updated_at", { precision: 3 }).notNullable();
    t.datetime("deleted_at", { precision: 3 }).nullable();
    t.index(["deleted_at", "name"], "segments_live_name_idx");
  });

  await knex.schema.createTable("segment_versions", (t) => {
    t.engine("InnoDB");
    t.charset("utf8mb4");
    t.collate("utf8mb4_bin");
    t.string("segment_id", 40).notNullable().references("id").inTable("segments");
    t.integer("version").unsigned().notNullable();
    t.string("name", 200).notNullable();
    t.string("description", 2000).notNullable().defaultTo("");
    t.specificType("predicate", "MEDIUMBLOB").notNullable();
    t.text("cost_json").nullable();
    t.datetime("created_at", { precision: 3 }).notNullable();
    t.primary(["segment_id", "version"]);
  });

  await knex.schema.createTable("segment_references", (t) => {
    t.engine("InnoDB");
    t.charset("utf8mb4");
    t.collate("utf8mb4_bin");
    t.string("segment_id", 40).notNullable().references("id").inTable("segments");
    t.string("referenced_segment_id", 40).notNullable().references("id").inTable("segments");
    t.primary(["segment_id", "referenced_segment_id"]);
    t.index(["referenced_segment_id"], "segment_references_target_idx");
  });

  // One row whose lock serializes writes that change the reference graph, so two concurrent
  // updates cannot each pass the cycle check and together form a cycle.
  await knex.schema.createTable("segment_locks", (t) => {
    t.engine("InnoDB");
    t.string("name", 40).primary();
  });
  await knex("segment_locks").insert({ name: "reference_graph" });
}

/** Drops the segment store tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists("segment_locks");
  await knex.schema.dropTableIfExists("segment_references");
  await knex.schema.dropTableIfExists("segment_versions");
  await knex.schema.dropTableIfExists("segments");
}
