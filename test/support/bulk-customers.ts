/** Inserts many plain customers quickly (multi-row INSERTs), for tests that need volume. */
import type { Knex } from "knex";

/** Inserts customers with ids firstId .. firstId+count-1, name "Customer <id>", status active. */
export async function insertPlainCustomers(knex: Knex, count: number, firstId = 1): Promise<void> {
  const chunk = 5000;
  for (let start = 0; start < count; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const id = firstId + i;
      rows.push({ id, email: `c${id}@example.com`, name: `Customer ${id}`, country: id % 2 ? "DE" : "FR", status: "active", created_at: "2024-01-01 00:00:00.000", updated_at: "2024-01-01 00:00:00.000" });
    }
    await knex("customers").insert(rows);
  }
}
