/**
 * Who may call what: the one table of access rules, one entry for every RPC of every service the
 * server exposes (test/auth/access-rules.test.ts fails when an RPC in proto/ has none, and the
 * interceptor refuses an RPC without a rule). A rule is public (health), needs any authenticated
 * caller (reflection, unless configured open), or needs scopes computed from the request: an
 * evaluation of an inline predicate needs `evaluate:inline` on top of what the RPC itself needs,
 * because an ad-hoc predicate is an arbitrary query over customer data (a regex on `email` tried
 * against one customer id is an oracle that reads the address back, one guess at a time).
 */
import type { DescMessage, DescService, MessageShape } from "@bufbuild/protobuf";
import { Health } from "../../gen/grpc/health/v1/health_pb.js";
import { ServerReflection as ServerReflectionV1 } from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1alpha } from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { SegmentService, type EvaluationTarget } from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import type { Scope } from "./scopes.js";

/** One scope an RPC needs, and for which part of the request when not for the RPC as such. */
export interface Requirement {
  readonly scope: Scope;
  /** e.g. "an inline predicate"; shown in PERMISSION_DENIED messages. */
  readonly because?: string;
}

/** The rule of one RPC, over its request message `I`. */
export type AccessRule<I = never> =
  | { readonly kind: "public" }
  | { readonly kind: "authenticated" }
  | { readonly kind: "scopes"; readonly requires: (request: I) => readonly Requirement[] };

/** A rule for each method of service `S` (a new RPC without a rule does not compile). */
type ServiceRules<S extends { method: Record<string, { input: DescMessage }> }> = {
  readonly [K in keyof S["method"]]: AccessRule<MessageShape<S["method"][K]["input"]>>;
};

/** Settings that change the table. */
export interface AccessRuleOptions {
  /** Serve reflection without a caller identity (REFLECTION_OPEN). */
  readonly reflectionOpen: boolean;
}

const INLINE: Requirement = { scope: "evaluate:inline", because: "an inline predicate" };

/** Requirements of a fixed set of scopes. */
function scopes(...list: Scope[]): { kind: "scopes"; requires: () => readonly Requirement[] } {
  const requirements = list.map((scope) => ({ scope }));
  return { kind: "scopes", requires: () => requirements };
}

/** `base`, plus evaluate:inline when the target is an inline predicate. */
function evaluation(base: Scope, target: EvaluationTarget | undefined): readonly Requirement[] {
  return target?.target.case === "predicate" ? [{ scope: base }, INLINE] : [{ scope: base }];
}

const segmentServiceRules: ServiceRules<typeof SegmentService> = {
  createSegment: scopes("segments:write"),
  getSegment: scopes("segments:read"),
  updateSegment: scopes("segments:write"),
  deleteSegment: scopes("segments:write"),
  listSegments: scopes("segments:read"),
  listSegmentVersions: scopes("segments:read"),
  listFields: scopes("catalog:read"),
  isMember: { kind: "scopes", requires: (req) => evaluation("evaluate:saved", req.target) },
  batchIsMember: { kind: "scopes", requires: (req) => evaluation("evaluate:saved", req.target) },
  countMembers: { kind: "scopes", requires: (req) => evaluation("evaluate:saved", req.target) },
  listMembers: { kind: "scopes", requires: (req) => evaluation("members:export", req.target) },
  listCustomerSegments: scopes("evaluate:saved"),
  explainSegment: scopes("explain"),
  // EXPLAIN of an ad-hoc predicate is an oracle too: the optimizer reads rows found by primary
  // key while planning ("Impossible WHERE noticed after reading const tables").
  explainPredicate: { kind: "scopes", requires: () => [{ scope: "explain" }, INLINE] },
  diffMembers: {
    kind: "scopes",
    requires: (req) => (req.to.case === "draftPredicate" ? [{ scope: "members:export" }, { ...INLINE, because: "a draft predicate" }] : [{ scope: "members:export" }]),
  },
};

const healthRules: ServiceRules<typeof Health> = {
  check: { kind: "public" },
  watch: { kind: "public" },
};

/** Access rules by method path (`/package.Service/Method`). */
export type AccessRules = ReadonlyMap<string, AccessRule<unknown>>;

/** The table, with the settings applied. */
export function buildAccessRules(options: AccessRuleOptions): AccessRules {
  const reflection: AccessRule = options.reflectionOpen ? { kind: "public" } : { kind: "authenticated" };
  const reflectionV1: ServiceRules<typeof ServerReflectionV1> = { serverReflectionInfo: reflection };
  const reflectionV1alpha: ServiceRules<typeof ServerReflectionV1alpha> = { serverReflectionInfo: reflection };
  const rules = new Map<string, AccessRule<unknown>>();
  const add = <S extends DescService>(service: S, table: Record<string, AccessRule<never>>): void => {
    for (const method of service.methods) {
      const rule = table[method.localName];
      if (!rule) throw new Error(`no access rule for ${service.typeName}.${method.name}`);
      rules.set(`/${service.typeName}/${method.name}`, rule as AccessRule<unknown>);
    }
  };
  add(SegmentService, segmentServiceRules);
  add(Health, healthRules);
  add(ServerReflectionV1, reflectionV1);
  add(ServerReflectionV1alpha, reflectionV1alpha);
  return rules;
}
