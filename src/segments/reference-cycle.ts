/** Cycle detection in the segment reference graph. */

/** Loads outgoing references of a set of segments. */
export type ReferenceEdges = (from: readonly string[]) => Promise<Map<string, readonly string[]>>;

/**
 * If `source` would reference `target`, returns the cycle this closes (`[source, target, …, source]`),
 * or undefined. Walks the current graph breadth-first from `target`, one query per level.
 */
export async function findReferenceCycle(source: string, target: string, edges: ReferenceEdges): Promise<string[] | undefined> {
  if (source === target) return [source, source];
  const parent = new Map<string, string>([[target, source]]);
  let frontier = [target];
  while (frontier.length > 0) {
    const next: string[] = [];
    const out = await edges(frontier);
    for (const node of frontier) {
      for (const ref of out.get(node) ?? []) {
        if (ref === source) return [...pathTo(node, parent, source), source];
        if (!parent.has(ref)) {
          parent.set(ref, node);
          next.push(ref);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

function pathTo(node: string, parent: ReadonlyMap<string, string>, source: string): string[] {
  const path = [node];
  let current = node;
  while (current !== source) {
    const p = parent.get(current);
    if (p === undefined) break;
    path.unshift(p);
    current = p;
  }
  return path;
}
