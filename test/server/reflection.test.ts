import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callUnary, grpcClient, lookup, startTestServer, type TestServer } from "./harness.js";

/** A reflection response as proto-loader decodes it (keepCase, oneofs). */
interface ReflectionResponse {
  valid_host: string;
  original_request: Record<string, unknown> | null;
  message_response: "file_descriptor_response" | "all_extension_numbers_response" | "list_services_response" | "error_response";
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  all_extension_numbers_response?: { base_type_name: string; extension_number: number[] };
  list_services_response?: { service: { name: string }[] };
  error_response?: { error_code: number; error_message: string };
}

const VERSIONS = ["v1", "v1alpha"] as const;

describe.each(VERSIONS)("grpc.reflection.%s through grpc-js", (version) => {
  let srv: TestServer;
  let client: ReturnType<typeof grpcClient>;

  beforeAll(async () => {
    srv = await startTestServer();
    client = grpcClient(`grpc/reflection/${version}/reflection.proto`, `grpc.reflection.${version}.ServerReflection`, srv.address);
  });

  afterAll(async () => {
    client.close();
    await srv.close(100);
  });

  /** Sends `requests` on one stream and collects every response until the server ends it. */
  function reflect(requests: object[]): Promise<ReflectionResponse[]> {
    return new Promise((resolve, reject) => {
      const call = (client["ServerReflectionInfo"] as Function).call(client) as grpc.ClientDuplexStream<object, ReflectionResponse>;
      const responses: ReflectionResponse[] = [];
      call.on("data", (r: ReflectionResponse) => responses.push(r));
      call.on("error", reject);
      call.on("end", () => resolve(responses));
      for (const r of requests) call.write(r);
      call.end();
    });
  }

  const decodeFiles = (r: ReflectionResponse | undefined): FileDescriptorProto[] => {
    expect(r?.message_response).toBe("file_descriptor_response");
    return (r?.file_descriptor_response?.file_descriptor_proto ?? []).map((b) => fromBinary(FileDescriptorProtoSchema, b));
  };

  it("list_services names SegmentService, Health and both reflection services", async () => {
    const [r] = await reflect([{ host: "", list_services: "*" }]);
    expect(r?.message_response).toBe("list_services_response");
    const names = r?.list_services_response?.service.map((s) => s.name).sort();
    expect(names).toEqual([
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "kontorion.segments.v1.SegmentService",
    ]);
  });

  it("file_containing_symbol of SegmentService returns its file first, followed by every transitive import", async () => {
    const [r] = await reflect([{ file_containing_symbol: "kontorion.segments.v1.SegmentService" }]);
    const files = decodeFiles(r);
    expect(files[0]?.name).toBe("kontorion/segments/v1/segment_service.proto");
    expect(files[0]?.service.map((s) => s.name)).toEqual(["SegmentService"]);
    const names = new Set(files.map((f) => f.name));
    for (const expected of [
      "kontorion/segments/v1/predicate.proto",
      "kontorion/segments/v1/segment.proto",
      "google/protobuf/timestamp.proto",
    ]) expect(names.has(expected), expected).toBe(true);
    expect(names.size).toBe(files.length);
    for (const f of files) for (const dep of f.dependency) expect(names.has(dep), `${f.name} imports ${dep}`).toBe(true);
    expect(files.find((f) => f.name === "google/protobuf/timestamp.proto")?.messageType.map((m) => m.name)).toEqual(["Timestamp"]);
  });

  it("the returned descriptors are complete enough for grpc-js to call the service (grpcurl-style)", async () => {
    const [r] = await reflect([{ file_containing_symbol: "grpc.health.v1.Health" }]);
    const [r2] = await reflect([{ file_containing_symbol: "kontorion.segments.v1.SegmentService" }]);
    const set = create(FileDescriptorSetSchema, { file: [...decodeFiles(r), ...decodeFiles(r2)] });
    const definition = grpc.loadPackageDefinition(
      protoLoader.loadFileDescriptorSetFromBuffer(Buffer.from(toBinary(FileDescriptorSetSchema, set)), { keepCase: true, enums: String, defaults: true }),
    );
    type Ctor = new (address: string, creds: grpc.ChannelCredentials) => grpc.Client & Record<string, Function>;
    const HealthClient = lookup(definition, "grpc.health.v1.Health") as Ctor;
    const SegmentClient = lookup(definition, "kontorion.segments.v1.SegmentService") as Ctor;
    const health = new HealthClient(srv.address, grpc.credentials.createInsecure());
    const segments = new SegmentClient(srv.address, grpc.credentials.createInsecure());
    try {
      expect(await callUnary(health, "Check", { service: "" })).toEqual({ ok: true, value: { status: "SERVING" } });
      const listed = await callUnary(segments, "ListFields", {});
      expect(listed.ok ? "ok" : listed.error.code).toBe(grpc.status.UNIMPLEMENTED);
    } finally {
      health.close();
      segments.close();
    }
  });

  it.each([
    ["a method", "kontorion.segments.v1.SegmentService.IsMember", "kontorion/segments/v1/segment_service.proto"],
    ["a message", "kontorion.segments.v1.Predicate", "kontorion/segments/v1/predicate.proto"],
    ["an enum", "kontorion.segments.v1.CostClass", "kontorion/segments/v1/segment.proto"],
    ["a nested enum", "grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto"],
    ["a symbol with a leading dot", ".kontorion.segments.v1.Segment", "kontorion/segments/v1/segment.proto"],
    ["an imported well-known type", "google.protobuf.Timestamp", "google/protobuf/timestamp.proto"],
    ["a reflection service itself", `grpc.reflection.${version}.ServerReflection`, `grpc/reflection/${version}/reflection.proto`],
  ])("file_containing_symbol finds %s", async (_kind, symbol, file) => {
    const [r] = await reflect([{ file_containing_symbol: symbol }]);
    expect(decodeFiles(r)[0]?.name).toBe(file);
  });

  it("file_by_filename returns the named file", async () => {
    const [r] = await reflect([{ file_by_filename: "kontorion/segments/v1/predicate.proto" }]);
    const files = decodeFiles(r);
    expect(files[0]?.name).toBe("kontorion/segments/v1/predicate.proto");
    expect(files.map((f) => f.name)).toContain("google/protobuf/timestamp.proto");
  });

  it.each([
    ["an unknown symbol", { file_containing_symbol: "kontorion.segments.v1.NoSuchThing" }],
    ["an unknown file", { file_by_filename: "nope/missing.proto" }],
    ["an unknown extension", { file_containing_extension: { containing_type: "kontorion.segments.v1.Segment", extension_number: 100 } }],
    ["extension numbers of an unknown type", { all_extension_numbers_of_type: "kontorion.segments.v1.Nope" }],
  ])("%s is an error_response with code 5 and the stream carries on", async (_kind, request) => {
    const responses = await reflect([request, { list_services: "" }]);
    expect(responses.map((r) => r.message_response)).toEqual(["error_response", "list_services_response"]);
    expect(responses[0]?.error_response?.error_code).toBe(grpc.status.NOT_FOUND);
    expect(responses[0]?.error_response?.error_message).not.toBe("");
  });

  it("all_extension_numbers_of_type of a known message without extensions is an empty list", async () => {
    const [r] = await reflect([{ all_extension_numbers_of_type: "kontorion.segments.v1.Segment" }]);
    expect(r?.message_response).toBe("all_extension_numbers_response");
    expect(r?.all_extension_numbers_response).toEqual({ base_type_name: "kontorion.segments.v1.Segment", extension_number: [] });
  });

  it("echoes the host and the original request", async () => {
    const [r] = await reflect([{ host: "example:1", file_by_filename: "google/protobuf/timestamp.proto" }]);
    expect(r?.valid_host).toBe("example:1");
    expect(r?.original_request).toMatchObject({ host: "example:1", file_by_filename: "google/protobuf/timestamp.proto" });
  });

  it("sends each import only once per stream, but always the file asked for", async () => {
    const responses = await reflect([
      { file_containing_symbol: "kontorion.segments.v1.SegmentService" },
      { file_containing_symbol: "kontorion.segments.v1.SegmentService" },
      { file_by_filename: "google/protobuf/timestamp.proto" },
    ]);
    expect(decodeFiles(responses[0]).length).toBeGreaterThan(1);
    expect(decodeFiles(responses[1]).map((f) => f.name)).toEqual(["kontorion/segments/v1/segment_service.proto"]);
    expect(decodeFiles(responses[2]).map((f) => f.name)).toEqual(["google/protobuf/timestamp.proto"]);
  });
});
