/**
 * Value draws shared by several tables: catalog enum values by weight and money amounts with
 * zero, tiny, huge and negative edges.
 */
import type { Prng } from "./prng.js";

/**
 * One value of a catalog enum, by weight: the weights name enum values (checked by the type),
 * and a value the catalog adds later still occurs, with weight 1.
 */
export function enumValue<T extends string>(prng: Prng, values: readonly T[], weights: Partial<Record<T, number>>): T {
  return prng.weighted(values.map((v) => [v, weights[v] ?? 1] as const));
}

/** A money amount (minor units): mostly in `typical`, sometimes 0, tiny, huge or negative. */
export function money(prng: Prng, typical: readonly [number, number]): number {
  return prng.weighted<() => number>([
    [() => prng.int(typical[0], typical[1]), 85],
    [() => 0, 6],
    [() => prng.int(1, 99), 3],
    [() => prng.int(1_000_000_000, 1_000_000_000_000), 2],
    [() => 1_000_000_000_000, 1],
    [() => -prng.int(1, typical[1]), 3],
  ])();
}
