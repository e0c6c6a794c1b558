/**
 * The hostile requests of the harness, drawn from a seed: garbage and truncated frames, invalid
 * UTF-8, deep nesting of every node kind, million-item lists, huge strings, unsafe regexes,
 * injection strings in every string field, forged cursors and page tokens, extreme integers,
 * wrong content types, oversized and compressed messages, and hostile JSON. Each request is
 * valid enough to reach some layer of the server and wrong enough to be refused there; the
 * harness checks only that the refusal is a proper status, never INTERNAL, a hang or a crash.
 */
import { fromJson, toBinary, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { gzipSync } from "node:zlib";
import {
  BatchIsMemberRequestSchema,
  CountMembersRequestSchema,
  CreateSegmentRequestSchema,
  DeleteSegmentRequestSchema,
  DiffMembersRequestSchema,
  ExplainPredicateRequestSchema,
  ExplainSegmentRequestSchema,
  GetSegmentRequestSchema,
  IsMemberRequestSchema,
  ListCustomerSegmentsRequestSchema,
  ListFieldsRequestSchema,
  ListMembersRequestSchema,
  ListSegmentsRequestSchema,
  ListSegmentVersionsRequestSchema,
  UpdateSegmentRequestSchema,
} from "../../gen/kontorion/segments/v1/segment_service_pb.js";
import { DEMO_SEGMENTS } from "../../src/demo/demo-segments.js";
import { createPrng, type Prng } from "../../src/datagen/prng.js";
import type { Codec, HostileRequest, Transport } from "./send-request.js";
import { concatBytes, envelope, key, lengthDelimited, nest, stringField, varint, varintField, WireType } from "./wire.js";

/** What the harness learned from the server before the attack: real ids and tokens to forge from. */
export interface HarnessContext {
  readonly segmentIds: readonly string[];
  /** A real ListMembers cursor (for forging). */
  readonly cursor: string;
  /** A real ListSegments page token (for forging). */
  readonly pageToken: string;
}

const SERVICE = "/kontorion.segments.v1.SegmentService/";

interface Method {
  readonly name: string;
  readonly schema: DescMessage;
  readonly streaming: boolean;
  readonly valid: (rng: Prng, ctx: HarnessContext) => Record<string, JsonValue>;
}

const PREDICATES: readonly JsonValue[] = [
  ...DEMO_SEGMENTS.map((s) => s.predicate as JsonValue),
  { condition: { field: "email", operator: "OPERATOR_MATCHES", pattern: { regex: ".*@example\\.com" } } },
  { not: { condition: { field: "country", operator: "OPERATOR_EQ", value: { stringValue: "DE" } } } },
  { condition: { field: "created_at", operator: "OPERATOR_GTE", value: { timestampValue: "2024-01-01T00:00:00Z" } } },
  {
    or: {
      predicates: [
        { condition: { field: "tier", operator: "OPERATOR_IN", list: { values: [{ stringValue: "pro" }, { stringValue: "enterprise" }] } } },
        { relation: { scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_ANY", where: { condition: { field: "balance", operator: "OPERATOR_GT", value: { moneyValue: "0" } } } } },
      ],
    },
  },
];

function target(rng: Prng, ctx: HarnessContext): JsonValue {
  return rng.chance(0.5) && ctx.segmentIds.length > 0 ? { segmentId: rng.pick(ctx.segmentIds) } : { predicate: rng.pick(PREDICATES) };
}

const METHODS: readonly Method[] = [
  { name: "CreateSegment", schema: CreateSegmentRequestSchema, streaming: false, valid: (r) => ({ name: `hostile ${r.int(0, 1e9)}`, description: "x", predicate: r.pick(PREDICATES) }) },
  { name: "GetSegment", schema: GetSegmentRequestSchema, streaming: false, valid: (r, c) => ({ id: r.pick(c.segmentIds) }) },
  {
    name: "UpdateSegment",
    schema: UpdateSegmentRequestSchema,
    streaming: false,
    // A version no segment reaches, so the harness never changes the segments it reads.
    valid: (r, c) => ({ id: r.pick(c.segmentIds), expectedVersion: "99999", name: "renamed", predicate: r.pick(PREDICATES) }),
  },
  { name: "DeleteSegment", schema: DeleteSegmentRequestSchema, streaming: false, valid: (r, c) => ({ id: r.pick(c.segmentIds), expectedVersion: "99999" }) },
  { name: "ListSegments", schema: ListSegmentsRequestSchema, streaming: false, valid: (r, c) => ({ pageSize: r.int(1, 5), pageToken: r.chance(0.5) ? c.pageToken : "" }) },
  { name: "ListSegmentVersions", schema: ListSegmentVersionsRequestSchema, streaming: false, valid: (r, c) => ({ id: r.pick(c.segmentIds), pageSize: 2 }) },
  { name: "ListFields", schema: ListFieldsRequestSchema, streaming: false, valid: (r) => ({ scope: r.pick(["SCOPE_UNSPECIFIED", "SCOPE_INVOICES", "SCOPE_WALLETS"]) }) },
  { name: "IsMember", schema: IsMemberRequestSchema, streaming: false, valid: (r, c) => ({ target: target(r, c), customerId: String(r.int(1, 500)) }) },
  {
    name: "BatchIsMember",
    schema: BatchIsMemberRequestSchema,
    streaming: false,
    valid: (r, c) => ({ target: target(r, c), customerIds: Array.from({ length: r.int(1, 20) }, () => String(r.int(1, 500))) }),
  },
  { name: "CountMembers", schema: CountMembersRequestSchema, streaming: false, valid: (r, c) => ({ target: target(r, c) }) },
  {
    name: "ListMembers",
    schema: ListMembersRequestSchema,
    streaming: true,
    valid: (r, c) => ({ target: target(r, c), limit: String(r.int(1, 50)), batchSize: r.int(1, 20), ...(r.chance(0.3) ? { partition: { index: 0, count: 2 } } : {}) }),
  },
  {
    name: "ListCustomerSegments",
    schema: ListCustomerSegmentsRequestSchema,
    streaming: false,
    valid: (r, c) => ({ customerId: String(r.int(1, 500)), segmentIds: r.chance(0.5) ? [r.pick(c.segmentIds)] : [] }),
  },
  { name: "ExplainSegment", schema: ExplainSegmentRequestSchema, streaming: false, valid: (r, c) => ({ id: r.pick(c.segmentIds) }) },
  { name: "ExplainPredicate", schema: ExplainPredicateRequestSchema, streaming: false, valid: (r) => ({ predicate: r.pick(PREDICATES) }) },
  {
    name: "DiffMembers",
    schema: DiffMembersRequestSchema,
    streaming: true,
    valid: (r, c) => ({ id: r.pick(c.segmentIds), fromVersion: "1", draftPredicate: r.pick(PREDICATES), batchSize: 10 }),
  },
];

/** Methods whose request carries a predicate, and where it sits in the request. */
const PREDICATE_METHODS: ReadonlyArray<{ name: string; wrap: (p: JsonValue) => Record<string, JsonValue>; field: number; targetField?: number }> = [
  { name: "CreateSegment", wrap: (p) => ({ name: "deep", predicate: p }), field: 3 },
  { name: "ExplainPredicate", wrap: (p) => ({ predicate: p }), field: 1 },
  { name: "CountMembers", wrap: (p) => ({ target: { predicate: p } }), field: 1, targetField: 2 },
  { name: "IsMember", wrap: (p) => ({ target: { predicate: p }, customerId: "1" }), field: 1, targetField: 2 },
];

interface Wire {
  readonly transport: Transport;
  readonly codec: Codec;
  readonly http: "h2" | "h1";
}

const BINARY_WIRES: readonly Wire[] = [
  { transport: "grpc", codec: "proto", http: "h2" },
  { transport: "grpc-web", codec: "proto", http: "h2" },
  { transport: "grpc-web", codec: "proto", http: "h1" },
  { transport: "connect", codec: "proto", http: "h2" },
  { transport: "connect", codec: "proto", http: "h1" },
];
const JSON_WIRES: readonly Wire[] = [
  { transport: "connect", codec: "json", http: "h2" },
  { transport: "connect", codec: "json", http: "h1" },
  { transport: "grpc", codec: "json", http: "h2" },
  { transport: "grpc-web", codec: "json", http: "h1" },
];

function methodNamed(name: string): Method {
  const method = METHODS.find((m) => m.name === name);
  if (method === undefined) throw new Error(`no method ${name}`);
  return method;
}

function request(category: string, label: string, method: Method, wire: Wire, body: Uint8Array, extra: Partial<HostileRequest> = {}): HostileRequest {
  return { category, label, path: SERVICE + method.name, streaming: method.streaming, ...wire, body, ...extra };
}

function encodeJson(method: Method, json: Record<string, JsonValue>): Uint8Array | undefined {
  try {
    return toBinary(method.schema, fromJson(method.schema, json));
  } catch {
    return undefined;
  }
}

/** The request as JSON text or protobuf bytes, whichever the wire needs (JSON when it cannot be encoded). */
function encodeFor(method: Method, json: Record<string, JsonValue>, rng: Prng): { wire: Wire; body: Uint8Array } {
  const binary = rng.chance(0.5) ? encodeJson(method, json) : undefined;
  if (binary !== undefined) return { wire: rng.pick(BINARY_WIRES), body: binary };
  return { wire: rng.pick(JSON_WIRES), body: new TextEncoder().encode(JSON.stringify(json)) };
}

function randomBytes(rng: Prng, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.int(0, 255);
  return out;
}

const INJECTIONS: readonly string[] = [
  "'; DROP TABLE customers; --",
  "\" OR 1=1 --",
  "`id`) UNION SELECT password FROM mysql.user --",
  "\\",
  "%_%",
  "\u0000",
  "customer.name/*",
  "${jndi:ldap://x}",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "\u202e\ufeff\u200b",
  "😀".repeat(50),
  "SLEEP(10)",
  "1e309",
  "-0",
  "NaN",
  "custom.",
  "custom.'x'",
  "invoices.total",
  "name\nname",
];

const UNSAFE_REGEXES: readonly string[] = [
  "(.*){1000}",
  "(.*.*)*@",
  "(a*)*b",
  "(a+)+$",
  "(a|a)*b",
  "(a|ab)*c",
  "(.*a){20}",
  "((a+)+)+",
  "(x+x+)+y",
  "(\\w+\\s?)*$",
  "(.+)*(.+)*(.+)*z",
  "a{1000}{1000}",
  "(?:(?:.*){100}){100}",
  "[",
  "(?<n>a)\\k<n>",
  "(?=a)",
  "\\",
  "a{2,1}",
  "(*LIMIT_MATCH=999999999)a",
  "(?R)",
];

const EXTREME_INTS: readonly string[] = [
  "9223372036854775807",
  "-9223372036854775808",
  "9007199254740993",
  "9007199254740992",
  "-1",
  "0",
  "18446744073709551615",
  "99999999999999999999999",
  "1.5",
  "1e20",
  "0x10",
  " 1",
  "",
];

type Leaf = { parent: Record<string, JsonValue> | JsonValue[]; key: string | number; value: JsonValue };

function leaves(value: JsonValue, out: Leaf[] = []): Leaf[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => (typeof v === "object" && v !== null ? leaves(v, out) : out.push({ parent: value, key: i, value: v })));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "object" && v !== null) leaves(v, out);
      else out.push({ parent: value, key: k, value: v });
    }
  }
  return out;
}

function setLeaf(leaf: Leaf, value: JsonValue): void {
  (leaf.parent as Record<string | number, JsonValue>)[leaf.key] = value;
}

function clone(json: Record<string, JsonValue>): Record<string, JsonValue> {
  return structuredClone(json);
}

/** Protobuf bytes of a Predicate nested `depth` deep through one node kind (innermost: a condition). */
function deepPredicateBytes(kind: "and" | "or" | "not" | "relation", depth: number): Uint8Array {
  const condition = lengthDelimited(4, concatBytes([stringField(1, "country"), varintField(2, 1), lengthDelimited(3, stringField(1, "DE"))]));
  return nest(condition, depth, (inner) => {
    switch (kind) {
      case "and":
        return lengthDelimited(1, lengthDelimited(1, inner));
      case "or":
        return lengthDelimited(2, lengthDelimited(1, inner));
      case "not":
        return lengthDelimited(3, inner);
      case "relation":
        return lengthDelimited(5, concatBytes([varintField(1, 2), varintField(2, 1), lengthDelimited(3, inner)]));
    }
  });
}

/** The same nesting as JSON text, built without recursion. */
function deepPredicateJson(kind: "and" | "or" | "not" | "relation", depth: number): string {
  const open = {
    and: '{"and":{"predicates":[',
    or: '{"or":{"predicates":[',
    not: '{"not":',
    relation: '{"relation":{"scope":"SCOPE_INVOICES","quantifier":"QUANTIFIER_ANY","where":',
  }[kind];
  const close = { and: "]}}", or: "]}}", not: "}", relation: "}}" }[kind];
  return open.repeat(depth) + '{"condition":{"field":"country","operator":"OPERATOR_EQ","value":{"stringValue":"DE"}}}' + close.repeat(depth);
}

type Generator = (rng: Prng, ctx: HarnessContext) => HostileRequest;

const GENERATORS: ReadonlyArray<readonly [string, number, Generator]> = [
  [
    "garbage",
    3,
    (rng) => {
      const method = rng.pick(METHODS);
      return request("garbage", `${rng.int(0, 300)} random bytes`, method, rng.pick([...BINARY_WIRES, ...JSON_WIRES]), randomBytes(rng, rng.int(0, 300)));
    },
  ],
  [
    "truncated",
    3,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const bytes = encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array();
      const cut = rng.int(0, Math.max(0, bytes.length - 1));
      return request("truncated", `cut at ${cut}/${bytes.length}`, method, rng.pick(BINARY_WIRES), bytes.subarray(0, cut));
    },
  ],
  [
    "mutated",
    3,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const bytes = Uint8Array.from(encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array(8));
      const flips = rng.int(1, 4);
      for (let i = 0; i < flips && bytes.length > 0; i++) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
      return request("mutated", `${flips} bytes changed`, method, rng.pick(BINARY_WIRES), bytes);
    },
  ],
  [
    "truncated-frame",
    2,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const bytes = encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array();
      const wire = rng.pick(BINARY_WIRES.filter((w) => w.transport !== "connect"));
      const framed = envelope(bytes, 0, bytes.length + rng.int(1, 1000));
      const body = rng.chance(0.5) ? framed : framed.subarray(0, rng.int(0, 4));
      return request("truncated-frame", "envelope longer than its body", method, wire, body, { raw: true });
    },
  ],
  [
    "invalid-utf8",
    2,
    (rng) => {
      const bad = rng.pick([Uint8Array.of(0xff, 0xfe), Uint8Array.of(0xc3, 0x28), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xe2, 0x82)]);
      const choice = rng.int(0, 2);
      if (choice === 0) {
        const method = methodNamed("CreateSegment");
        return request("invalid-utf8", "segment name", method, rng.pick(BINARY_WIRES), concatBytes([lengthDelimited(1, bad), lengthDelimited(3, deepPredicateBytes("not", 1))]));
      }
      if (choice === 1) {
        const method = methodNamed("ExplainPredicate");
        const condition = lengthDelimited(4, concatBytes([lengthDelimited(1, bad), varintField(2, 9)]));
        return request("invalid-utf8", "field name", method, rng.pick(BINARY_WIRES), lengthDelimited(1, condition));
      }
      const method = methodNamed("CountMembers");
      const condition = lengthDelimited(4, concatBytes([stringField(1, "name"), varintField(2, 1), lengthDelimited(3, lengthDelimited(1, bad))]));
      return request("invalid-utf8", "string value", method, rng.pick(BINARY_WIRES), lengthDelimited(1, lengthDelimited(2, condition)));
    },
  ],
  [
    "invalid-json-text",
    1,
    (rng) => {
      const method = rng.pick(METHODS);
      const text = rng.pick(['{"name":"\\ud800"}', '{"id":"\u0000"}', "\ufeff{}", "[]", "null", "1", '"x"', '{"a":', '{"id":1e99999}', "{}".repeat(1000)]);
      return request("invalid-json-text", text.slice(0, 30), method, rng.pick(JSON_WIRES), new TextEncoder().encode(text));
    },
  ],
  [
    "deep-nesting",
    3,
    (rng) => {
      const kind = rng.pick(["and", "or", "not", "relation"] as const);
      const depth = rng.pick([33, 65, 100, 200, 1000, 10_000, 100_000]);
      const spot = rng.pick(PREDICATE_METHODS);
      const method = methodNamed(spot.name);
      if (rng.chance(0.5)) {
        const predicate = deepPredicateBytes(kind, depth);
        const body = spot.targetField === undefined ? lengthDelimited(spot.field, predicate) : lengthDelimited(spot.field, lengthDelimited(spot.targetField, predicate));
        const extra = spot.name === "IsMember" ? varintField(2, 1) : new Uint8Array();
        return request("deep-nesting", `${kind} x${depth} (binary)`, method, rng.pick(BINARY_WIRES), concatBytes([body, extra]));
      }
      const predicate = deepPredicateJson(kind, depth);
      const json = JSON.stringify(spot.wrap("@@P@@")).replace('"@@P@@"', predicate);
      return request("deep-nesting", `${kind} x${depth} (json)`, method, rng.pick(JSON_WIRES), new TextEncoder().encode(json));
    },
  ],
  [
    "deep-json",
    1,
    (rng) => {
      const depth = rng.pick([1000, 100_000]);
      const method = rng.pick(METHODS);
      const text = rng.chance(0.5) ? `{"name":${"[".repeat(depth)}${"]".repeat(depth)}}` : `{"x":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;
      return request("deep-json", `json nesting ${depth}`, method, rng.pick(JSON_WIRES), new TextEncoder().encode(text));
    },
  ],
  [
    "huge-list",
    1,
    (rng, ctx) => {
      const n = rng.pick([100_000, 1_000_000]);
      const which = rng.int(0, 2);
      if (which === 0) {
        const method = methodNamed("BatchIsMember");
        const packed = concatBytes(Array.from({ length: n }, (_, i) => varint(i + 1)));
        const t = lengthDelimited(1, stringField(1, rng.pick(ctx.segmentIds)));
        return request("huge-list", `${n} customer ids`, method, rng.pick(BINARY_WIRES), concatBytes([t, lengthDelimited(2, packed)]));
      }
      if (which === 1) {
        const method = methodNamed("ListCustomerSegments");
        const ids = concatBytes(Array.from({ length: n }, () => stringField(2, "x")));
        return request("huge-list", `${n} segment ids`, method, rng.pick(BINARY_WIRES), concatBytes([varintField(1, 1), ids]));
      }
      const method = methodNamed("CountMembers");
      const values = concatBytes(Array.from({ length: n }, (_, i) => lengthDelimited(1, varintField(2, i))));
      const condition = lengthDelimited(4, concatBytes([stringField(1, "id"), varintField(2, 3), lengthDelimited(4, values)]));
      return request("huge-list", `in-list of ${n}`, method, rng.pick(BINARY_WIRES), lengthDelimited(1, lengthDelimited(2, condition)));
    },
  ],
  [
    "huge-string",
    2,
    (rng) => {
      const size = rng.pick([10_000, 100_000, 1_000_000, 3_900_000]);
      const text = rng.pick(["a", "é", "custom.", "\\", "%"]).repeat(size).slice(0, size);
      const slot = rng.int(0, 4);
      const method = methodNamed(["ExplainPredicate", "ExplainPredicate", "CreateSegment", "GetSegment", "CountMembers"][slot]!);
      const json: Record<string, JsonValue> = [
        { predicate: { condition: { field: text, operator: "OPERATOR_EXISTS" } } },
        { predicate: { condition: { field: `custom.${text}`, operator: "OPERATOR_EXISTS" } } },
        { name: text, predicate: PREDICATES[0]! },
        { id: text },
        { target: { predicate: { condition: { field: "email", operator: "OPERATOR_MATCHES", pattern: { regex: text } } } } },
      ][slot]!;
      const { wire, body } = encodeFor(method, json, rng);
      return request("huge-string", `${size} chars in slot ${slot}`, method, wire, body);
    },
  ],
  [
    "unsafe-regex",
    3,
    (rng) => {
      const regex = rng.pick(UNSAFE_REGEXES);
      const method = methodNamed(rng.pick(["CountMembers", "IsMember", "ListMembers", "CreateSegment", "ExplainPredicate"]));
      const predicate = { condition: { field: rng.pick(["name", "email"]), operator: "OPERATOR_MATCHES", pattern: { regex, caseInsensitive: rng.chance(0.3) } } };
      const json: Record<string, JsonValue> =
        method.name === "CreateSegment"
          ? { name: "unsafe", predicate }
          : method.name === "ExplainPredicate"
            ? { predicate }
            : { target: { predicate }, customerId: "1" };
      if (method.name === "CountMembers" || method.name === "ListMembers") delete json["customerId"];
      const { wire, body } = encodeFor(method, json, rng);
      const deadline: Record<string, string> = rng.chance(0.5) ? { "grpc-timeout": "1S", "connect-timeout-ms": "1000" } : {};
      return request("unsafe-regex", regex, method, wire, body, { headers: deadline });
    },
  ],
  [
    "injection",
    4,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const json = clone(method.valid(rng, ctx));
      const strings = leaves(json).filter((l) => typeof l.value === "string");
      const payload = rng.pick(INJECTIONS);
      for (const leaf of strings) if (rng.chance(0.5)) setLeaf(leaf, payload);
      const { wire, body } = encodeFor(method, json, rng);
      return request("injection", `${method.name}: ${payload}`, method, wire, body);
    },
  ],
  [
    "forged-token",
    2,
    (rng, ctx) => {
      const real = rng.chance(0.5) ? ctx.cursor : ctx.pageToken;
      const chars = real.split("");
      const forged = rng.pick([
        () => {
          if (chars.length > 0) chars[rng.int(0, chars.length - 1)] = rng.pick(["A", "_", "-", "0", "%", "="]);
          return chars.join("");
        },
        () => real + real,
        () => real.slice(0, Math.floor(real.length / 2)),
        () => Buffer.from(JSON.stringify({ after: "0", v: 1 })).toString("base64url"),
        () => "x".repeat(rng.pick([1, 1000, 100_000])),
        () => "..",
      ])();
      if (rng.chance(0.5)) {
        const method = methodNamed("ListMembers");
        const { wire, body } = encodeFor(method, { target: { segmentId: rng.pick(ctx.segmentIds) }, cursor: forged, limit: "5" }, rng);
        return request("forged-token", "cursor", method, wire, body);
      }
      const method = methodNamed(rng.pick(["ListSegments", "ListSegmentVersions"]));
      const json: Record<string, JsonValue> = method.name === "ListSegments" ? { pageToken: forged } : { id: rng.pick(ctx.segmentIds), pageToken: forged };
      const { wire, body } = encodeFor(method, json, rng);
      return request("forged-token", "page token", method, wire, body);
    },
  ],
  [
    "extreme-int",
    3,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const json = clone(method.valid(rng, ctx));
      const extra = rng.pick<Record<string, JsonValue>>([
        { limit: "" },
        { batchSize: 0 },
        { partition: { index: 5, count: 2 } },
        { pageSize: 0 },
        { customerId: "" },
        { version: "" },
        { expectedVersion: "" },
        { evaluationTime: rng.pick(["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "1970-01-01T00:00:00.999999999Z", "10000-01-01T00:00:00Z"]) },
      ]);
      const value = rng.pick(EXTREME_INTS);
      for (const [k, v] of Object.entries(extra)) json[k] = typeof v === "string" && k !== "evaluationTime" ? value : v;
      for (const leaf of leaves(json)) if (typeof leaf.value === "number" && rng.chance(0.5)) setLeaf(leaf, rng.pick([4294967295, 4294967296, -1, 2 ** 53 + 2, 1e300]));
      if (rng.chance(0.3)) {
        const relative = { relativeTime: { amount: value, unit: rng.pick(["TIME_UNIT_YEAR", "TIME_UNIT_SECOND", "TIME_UNIT_MONTH"]) } };
        json["predicate"] = { condition: { field: "created_at", operator: "OPERATOR_GT", value: relative } };
        if (method.name !== "CreateSegment" && method.name !== "ExplainPredicate") json["target"] = { predicate: json["predicate"] };
      }
      if (rng.chance(0.3)) {
        const money = { condition: { field: "balance", operator: rng.pick(["OPERATOR_GT", "OPERATOR_EQ"]), value: rng.pick<JsonValue>([{ moneyValue: value }, { decimalValue: value }, { intValue: value }]) } };
        json["target"] = { predicate: { relation: { scope: "SCOPE_WALLETS", quantifier: "QUANTIFIER_ANY", where: money, window: { last: rng.pick([0, 4294967295]) } } } };
      }
      const { wire, body } = encodeFor(method, json, rng);
      return request("extreme-int", `${method.name}: ${value}`, method, wire, body);
    },
  ],
  [
    "extreme-varint",
    2,
    (rng) => {
      // Integers no JSON encoder would write: 10-byte varints, overlong encodings, wrong wire types.
      const method = methodNamed(rng.pick(["ListMembers", "IsMember", "GetSegment", "ListSegments"]));
      const field = rng.int(1, 6);
      const body = rng.pick([
        () => concatBytes([key(field, WireType.varint), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)]),
        () => concatBytes([key(field, WireType.varint), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)]),
        () => concatBytes([key(field, WireType.fixed64), randomBytes(rng, 8)]),
        () => concatBytes([key(field, WireType.fixed32), randomBytes(rng, 4)]),
        () => concatBytes([key(field, 3)]),
        () => concatBytes([key(field, 7), randomBytes(rng, 3)]),
        () => concatBytes([key(0, WireType.varint), varint(1)]),
        () => concatBytes([key(536870911, WireType.varint), varint(1)]),
        () => varintField(field, -1n),
      ])();
      return request("extreme-varint", `field ${field}`, method, rng.pick(BINARY_WIRES), body);
    },
  ],
  [
    "enum-out-of-range",
    2,
    (rng) => {
      const method = methodNamed("ExplainPredicate");
      const condition = lengthDelimited(4, concatBytes([stringField(1, "country"), varintField(2, rng.pick([13, 99, 2 ** 31 - 1, -1])), lengthDelimited(3, stringField(1, "DE"))]));
      const relation = lengthDelimited(5, concatBytes([varintField(1, rng.pick([9, -5, 1000])), varintField(2, rng.pick([42, -1])), lengthDelimited(3, condition)]));
      if (rng.chance(0.5)) return request("enum-out-of-range", "binary", method, rng.pick(BINARY_WIRES), lengthDelimited(1, rng.chance(0.5) ? condition : relation));
      const json = { predicate: { condition: { field: "country", operator: rng.pick(["OPERATOR_EQUALS", "eq", 99, "operator_eq", ""]), value: { stringValue: "DE" } } } };
      return request("enum-out-of-range", "json", method, rng.pick(JSON_WIRES), new TextEncoder().encode(JSON.stringify(json)));
    },
  ],
  [
    "unknown-json",
    2,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const json = clone(method.valid(rng, ctx));
      const mutation = rng.int(0, 4);
      if (mutation === 0) json["bogusField"] = 1;
      if (mutation === 1) json["predicate"] = { condition: { fieldName: "name" } };
      if (mutation === 2) json["target"] = { segmentId: "a", predicate: PREDICATES[0]! };
      if (mutation === 3) for (const leaf of leaves(json)) setLeaf(leaf, rng.pick([null, [], {}, true, 1.5, "x"]));
      if (mutation === 4) json["@type"] = "type.googleapis.com/x";
      return request("unknown-json", `${method.name} mutation ${mutation}`, method, rng.pick(JSON_WIRES), new TextEncoder().encode(JSON.stringify(json)));
    },
  ],
  [
    "content-type",
    2,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const body = encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array();
      const wire = rng.pick([...BINARY_WIRES, ...JSON_WIRES]);
      const contentType = rng.pick(["", "text/plain", "application/xml", "application/grpc+xml", "application/grpc-web-text", "application/connect+thrift", "multipart/form-data", "application/json; charset=latin1", "application/grpc; x=" + "y".repeat(10_000)]);
      return request("content-type", contentType.slice(0, 40) || "(none)", method, wire, body, { contentType });
    },
  ],
  [
    "oversized",
    1,
    (rng) => {
      const method = rng.pick(METHODS);
      const size = rng.pick([4 * 1024 * 1024 + 1, 8 * 1024 * 1024]);
      const body = concatBytes([key(1, WireType.bytes), varint(size), new Uint8Array(size)]);
      return request("oversized", `${size} bytes`, method, rng.pick(BINARY_WIRES), body);
    },
  ],
  [
    "oversized-declared",
    1,
    (rng) => {
      const method = rng.pick(METHODS);
      const wire = rng.pick(BINARY_WIRES.filter((w) => w.transport !== "connect"));
      return request("oversized-declared", "envelope declares 4 GiB", method, wire, envelope(new Uint8Array(10), 0, 0xffffffff), { raw: true });
    },
  ],
  [
    "compressed",
    2,
    (rng, ctx) => {
      const method = rng.pick(METHODS.filter((m) => m.name !== "DiffMembers"));
      const bytes = encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array();
      const wire = rng.pick(BINARY_WIRES);
      const bomb = rng.chance(0.3);
      const payload = bomb ? gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }) : gzipSync(bytes);
      const encodingHeader = rng.pick(["gzip", "br", "identity", "deflate", ""]);
      const headers: Record<string, string> = {};
      if (encodingHeader !== "") {
        if (wire.transport === "connect" && !method.streaming) headers["content-encoding"] = encodingHeader;
        else if (wire.transport === "connect") headers["connect-content-encoding"] = encodingHeader;
        else headers["grpc-encoding"] = encodingHeader;
      }
      const enveloped = wire.transport !== "connect" || method.streaming;
      const body = enveloped ? envelope(payload, rng.chance(0.8) ? 1 : 0) : payload;
      return request("compressed", `${bomb ? "bomb" : "gzip"} encoding=${encodingHeader || "none"}`, method, wire, body, { raw: true, headers });
    },
  ],
  [
    "bad-path",
    1,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const body = encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array();
      const path = rng.pick([
        "/kontorion.segments.v1.SegmentService/Nope",
        "/kontorion.segments.v1.Nope/IsMember",
        "/",
        "/kontorion.segments.v1.SegmentService/IsMember/extra",
        "/kontorion.segments.v1.SegmentService/ismember",
        "/%2e%2e/etc/passwd",
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
      ]);
      return { ...request("bad-path", path, method, rng.pick(BINARY_WIRES), body), path };
    },
  ],
  [
    "bad-header",
    1,
    (rng, ctx) => {
      const method = rng.pick(METHODS);
      const body = encodeJson(method, method.valid(rng, ctx)) ?? new Uint8Array();
      const headers = rng.pick<Record<string, string>>([
        { "grpc-timeout": "99999999H" },
        { "grpc-timeout": "-1S" },
        { "grpc-timeout": "1n" },
        { "grpc-timeout": "abc" },
        { "connect-timeout-ms": "-5" },
        { "connect-timeout-ms": "99999999999999999999" },
        { "connect-protocol-version": "7" },
        { "x-big": "v".repeat(60_000) },
        { authorization: "Bearer " + "z".repeat(8000) },
        { authorization: "Basic Zm9vOmJhcg==" },
        { "grpc-accept-encoding": "zstd,br,snappy" },
      ]);
      return request("bad-header", Object.keys(headers)[0]!, method, rng.pick(BINARY_WIRES), body, { headers });
    },
  ],
];

/** The `index`-th request of the run seeded by `seed` (the same pair always gives the same request). */
export function hostileRequest(seed: number, index: number, ctx: HarnessContext): HostileRequest {
  const rng = createPrng((seed * 1_000_003 + index) >>> 0);
  const generator = rng.weighted(GENERATORS.map(([, weight, gen]) => [gen, weight] as const));
  return generator(rng, ctx);
}

/** Names of every category, for the report. */
export const HOSTILE_CATEGORIES: readonly string[] = GENERATORS.map(([name]) => name);
