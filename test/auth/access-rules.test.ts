import { create } from "@bufbuild/protobuf";
import * as protoLoader from "@grpc/proto-loader";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BatchIsMemberRequestSchema,
  CountMembersRequestSchema,
  DiffMembersRequestSchema,
  ExplainPredicateRequestSchema,
  IsMemberRequestSchema,
  ListMembersRequestSchema,
} from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { buildAccessRules, type AccessRule } from "../../src/auth/access-rules.js";

const PROTO_DIR = fileURLToPath(new URL("../../proto", import.meta.url));

/** Every `/package.Service/Method` declared in proto/, read from the .proto files themselves. */
function rpcPathsInProto(): string[] {
  const files = readdirSync(PROTO_DIR, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".proto"));
  const paths = new Set<string>();
  for (const file of files) {
    const definition = protoLoader.loadSync(file, { includeDirs: [PROTO_DIR] });
    for (const entry of Object.values(definition)) {
      if ("format" in entry) continue; // a message or enum type, not a service
      for (const method of Object.values(entry as protoLoader.ServiceDefinition)) paths.add(method.path);
    }
  }
  return [...paths].sort();
}

const rules = buildAccessRules({ reflectionOpen: false });

function required(method: string, request: unknown): string[] {
  const rule = rules.get(`/kontorion.segments.v1.SegmentService/${method}`) as AccessRule<unknown>;
  if (rule.kind !== "scopes") throw new Error(`${method} is ${rule.kind}`);
  return rule.requires(request).map((r) => r.scope);
}

const predicate = { node: { case: "condition" as const, value: { field: "email" } } };

describe("the access rule table", () => {
  it("has a rule for every RPC of every service in proto/, and nothing else", () => {
    const inProto = rpcPathsInProto();
    expect(inProto.length).toBeGreaterThan(15);
    expect([...rules.keys()].sort()).toEqual(inProto);
  });

  it("health is public; reflection needs a caller unless REFLECTION_OPEN", () => {
    expect(rules.get("/grpc.health.v1.Health/Check")).toEqual({ kind: "public" });
    expect(rules.get("/grpc.health.v1.Health/Watch")).toEqual({ kind: "public" });
    for (const version of ["v1", "v1alpha"]) {
      const name = `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`;
      expect(rules.get(name)).toEqual({ kind: "authenticated" });
      expect(buildAccessRules({ reflectionOpen: true }).get(name)).toEqual({ kind: "public" });
    }
  });

  it.each([
    ["CreateSegment", "any request", () => ({}), ["segments:write"]],
    ["UpdateSegment", "any request", () => ({}), ["segments:write"]],
    ["DeleteSegment", "any request", () => ({}), ["segments:write"]],
    ["GetSegment", "any request", () => ({}), ["segments:read"]],
    ["ListSegments", "any request", () => ({}), ["segments:read"]],
    ["ListSegmentVersions", "any request", () => ({}), ["segments:read"]],
    ["ListFields", "any request", () => ({}), ["catalog:read"]],
    ["IsMember", "a saved segment", () => create(IsMemberRequestSchema, { target: { target: { case: "segmentId", value: "seg_1" } } }), ["evaluate:saved"]],
    ["IsMember", "an inline predicate", () => create(IsMemberRequestSchema, { target: { target: { case: "predicate", value: predicate } } }), ["evaluate:saved", "evaluate:inline"]],
    ["IsMember", "no target", () => create(IsMemberRequestSchema, {}), ["evaluate:saved"]],
    ["BatchIsMember", "a saved segment", () => create(BatchIsMemberRequestSchema, { target: { target: { case: "segmentId", value: "seg_1" } } }), ["evaluate:saved"]],
    ["BatchIsMember", "an inline predicate", () => create(BatchIsMemberRequestSchema, { target: { target: { case: "predicate", value: predicate } } }), ["evaluate:saved", "evaluate:inline"]],
    ["CountMembers", "a saved segment", () => create(CountMembersRequestSchema, { target: { target: { case: "segmentId", value: "seg_1" } } }), ["evaluate:saved"]],
    ["CountMembers", "an inline predicate", () => create(CountMembersRequestSchema, { target: { target: { case: "predicate", value: predicate } } }), ["evaluate:saved", "evaluate:inline"]],
    ["ListMembers", "a cursor of a saved segment", () => create(ListMembersRequestSchema, { cursor: "c" }), ["members:export"]],
    ["ListMembers", "an inline predicate", () => create(ListMembersRequestSchema, { target: { target: { case: "predicate", value: predicate } } }), ["members:export", "evaluate:inline"]],
    ["ListCustomerSegments", "any request", () => ({}), ["evaluate:saved"]],
    ["ExplainSegment", "any request", () => ({}), ["explain"]],
    ["ExplainPredicate", "an inline predicate", () => create(ExplainPredicateRequestSchema, { predicate }), ["explain", "evaluate:inline"]],
    ["DiffMembers", "a saved version", () => create(DiffMembersRequestSchema, { to: { case: "toVersion", value: 2n } }), ["members:export"]],
    ["DiffMembers", "a draft predicate", () => create(DiffMembersRequestSchema, { to: { case: "draftPredicate", value: predicate } }), ["members:export", "evaluate:inline"]],
  ])("%s with %s needs %j", (method, _shape, request, scopes) => {
    expect(required(method, request())).toEqual(scopes);
  });
});
