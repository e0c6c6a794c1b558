/** Clients of the service under test: the generated Connect client and an independent grpc-js client. */
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";

const PROTO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../proto");

/** The generated Connect client over the gRPC protocol (HTTP/2). */
export function connectClient(baseUrl: string): Client<typeof SegmentService> {
  return createClient(SegmentService, createGrpcTransport({ baseUrl }));
}

/** A grpc-js client built from the .proto files alone (no generated code shared with the server). */
export function grpcJsClient(port: number): grpc.Client & Record<string, grpc.MethodDefinition<unknown, unknown> | unknown> {
  const definition = protoLoader.loadSync("kontorion/segments/v1/segment_service.proto", {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    kontorion: { segments: { v1: { SegmentService: grpc.ServiceClientConstructor } } };
  };
  return new pkg.kontorion.segments.v1.SegmentService(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as never;
}

/** Calls a unary grpc-js method as a promise; rejects with the grpc ServiceError. */
export function unary<T>(client: grpc.Client, method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    (client as unknown as Record<string, (req: unknown, cb: (err: grpc.ServiceError | null, res: T) => void) => void>)[method]!(
      request,
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
}
