/** Saves the workload through the service's CreateSegment RPC, in order (references point back). */
import { unary, type SegmentServiceClient } from "../service/grpc-client.js";
import { WORKLOAD } from "./segments.js";

interface CreateSegmentResponse {
  segment: { id: string; version: number };
}

/** Creates every workload segment; returns their ids by name. */
export async function createWorkloadSegments(client: SegmentServiceClient): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const ref = (name: string): string => {
    const id = ids.get(name);
    if (id === undefined) throw new Error(`segment ${name} is referenced before it is created`);
    return id;
  };
  for (const s of WORKLOAD) {
    const response = await unary<CreateSegmentResponse>(client, "CreateSegment", {
      name: `bench ${s.name}`,
      description: s.description,
      predicate: s.predicate(ref),
    });
    ids.set(s.name, response.segment.id);
  }
  return ids;
}
