/**
 * The range of every integer field of every SegmentService request (#10 item 10), in one table,
 * checked before a handler sees the request: a value outside is INVALID_ARGUMENT with reason
 * OUT_OF_RANGE naming the field, never a number that silently loses precision (int64 ≥ 2^53)
 * or reaches SQL. Handlers keep their own rules on top (e.g. expected_version 0 is "required").
 *
 * Integer fields inside a Predicate are lowering's (src/lower: values ±2^53-1, `last` 1–1000,
 * relative amounts ±1000 years, timestamps years 1000–9999); evaluation_time is checked by
 * evaluation-instant.ts. test/rpc/integer-fields.test.ts fails when a request gains an integer
 * field this table does not cover.
 */
import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { invalidArgument } from "../errors/user-error.js";

/** The allowed range of one integer field, inclusive. */
export interface IntegerFieldRange {
  /** Request path in proto names, e.g. `partition.count`. */
  readonly path: string;
  readonly min: bigint;
  readonly max: bigint;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Segment versions (0 where the field means "current" or is checked as required). */
const VERSION = { min: 0n, max: 2_000_000_000n } as const;
const PAGE_SIZE = { min: 0n, max: 1000n } as const;
const CUSTOMER_ID = { min: 1n, max: MAX_SAFE } as const;
const BATCH_SIZE = { min: 0n, max: 10_000n } as const;

/** Every integer field of the requests, by request message. */
export const INTEGER_FIELD_RANGES: Readonly<Record<string, readonly IntegerFieldRange[]>> = {
  "kontorion.segments.v1.GetSegmentRequest": [{ path: "version", ...VERSION }],
  "kontorion.segments.v1.UpdateSegmentRequest": [{ path: "expected_version", ...VERSION }],
  "kontorion.segments.v1.DeleteSegmentRequest": [{ path: "expected_version", ...VERSION }],
  "kontorion.segments.v1.ListSegmentsRequest": [{ path: "page_size", ...PAGE_SIZE }],
  "kontorion.segments.v1.ListSegmentVersionsRequest": [{ path: "page_size", ...PAGE_SIZE }],
  "kontorion.segments.v1.IsMemberRequest": [{ path: "customer_id", ...CUSTOMER_ID }],
  "kontorion.segments.v1.BatchIsMemberRequest": [{ path: "customer_ids", ...CUSTOMER_ID }],
  "kontorion.segments.v1.ListMembersRequest": [
    { path: "limit", min: 0n, max: MAX_SAFE },
    { path: "batch_size", ...BATCH_SIZE },
    { path: "partition.index", min: 0n, max: 1023n },
    { path: "partition.count", min: 0n, max: 1024n },
  ],
  "kontorion.segments.v1.ListCustomerSegmentsRequest": [{ path: "customer_id", ...CUSTOMER_ID }],
  "kontorion.segments.v1.ExplainSegmentRequest": [{ path: "version", ...VERSION }],
  "kontorion.segments.v1.DiffMembersRequest": [
    { path: "from_version", ...VERSION },
    { path: "to_version", ...VERSION },
    { path: "batch_size", ...BATCH_SIZE },
  ],
};

/** Messages whose integer fields other modules check (the audit test skips them). */
export const INTEGERS_CHECKED_ELSEWHERE: ReadonlySet<string> = new Set(["kontorion.segments.v1.Predicate", "google.protobuf.Timestamp"]);

const INTEGER_SCALARS: ReadonlySet<ScalarType> = new Set([
  ScalarType.INT32,
  ScalarType.INT64,
  ScalarType.UINT32,
  ScalarType.UINT64,
  ScalarType.SINT32,
  ScalarType.SINT64,
  ScalarType.FIXED32,
  ScalarType.FIXED64,
  ScalarType.SFIXED32,
  ScalarType.SFIXED64,
]);

/** Whether `field` holds integers (singular or repeated; enums are not integers here). */
export function isIntegerField(field: DescField): boolean {
  const scalar = field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar") ? field.scalar : undefined;
  return scalar !== undefined && INTEGER_SCALARS.has(scalar);
}

/** Reads one field of a request message object. */
export type Accessor = (message: unknown) => unknown;

/** Reads `field` of a message object (through its oneof when it has one). */
function fieldAccessor(field: DescField): Accessor {
  const oneof = field.oneof;
  if (oneof === undefined) return (m) => (m as Record<string, unknown> | undefined)?.[field.localName];
  return (m) => {
    const group = (m as Record<string, { case?: string; value?: unknown } | undefined> | undefined)?.[oneof.localName];
    return group?.case === field.localName ? group.value : undefined;
  };
}

/**
 * The accessor of a dotted proto-name path in `desc`; throws when the path names no field, or a
 * last field that `accepts` refuses.
 */
export function pathAccessor(desc: DescMessage, path: string, accepts: (field: DescField) => boolean = isIntegerField): Accessor {
  let current: DescMessage | undefined = desc;
  const steps: Accessor[] = [];
  for (const name of path.split(".")) {
    const field: DescField | undefined = current?.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`integer-fields: ${desc.typeName} has no field ${path}`);
    steps.push(fieldAccessor(field));
    current = field.fieldKind === "message" ? field.message : undefined;
    if (current === undefined && !accepts(field)) throw new Error(`integer-fields: ${desc.typeName}.${path} is not a field of the expected kind`);
  }
  return (m) => steps.reduce<unknown>((value, step) => (value === undefined ? undefined : step(value)), m);
}

function checkValue(path: string, value: unknown, range: IntegerFieldRange): void {
  if (typeof value !== "bigint" && typeof value !== "number") return;
  const n = BigInt(value);
  if (n < range.min || n > range.max) {
    throw invalidArgument(path, `${path} must be between ${range.min} and ${range.max}, got ${n}`, "OUT_OF_RANGE");
  }
}

/** The range check of one request message type (nothing to check: undefined). */
export function integerFieldCheck(desc: DescMessage): ((request: unknown) => void) | undefined {
  const ranges = INTEGER_FIELD_RANGES[desc.typeName];
  if (ranges === undefined || ranges.length === 0) return undefined;
  const checks = ranges.map((range) => ({ range, read: pathAccessor(desc, range.path) }));
  return (request) => {
    for (const { range, read } of checks) {
      const value = read(request);
      if (Array.isArray(value)) value.forEach((item: unknown, i) => checkValue(`${range.path}[${i}]`, item, range));
      else checkValue(range.path, value, range);
    }
  };
}
