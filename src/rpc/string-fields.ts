/**
 * Length bounds of the request strings outside predicates (#10 item 11), checked before a
 * handler looks them up or echoes them: segment ids, names, descriptions, page tokens, cursors,
 * and the number of ids in a list. A longer value is INVALID_ARGUMENT with reason LIMIT_EXCEEDED
 * naming the field, without being quoted back. Lengths are counted in UTF-16 units against twice
 * the limit in characters, so no valid value is refused here; the handlers count characters
 * exactly. Strings inside predicates are bounded by lowering (src/lower).
 */
import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { invalidArgument } from "../errors/user-error.js";
import { MAX_SEGMENT_ID_CHARS } from "../lower/predicate-limits.js";
import { pathAccessor } from "./integer-fields.js";

/** The bound of one string field (or list of strings). */
export interface StringFieldBound {
  /** Request path in proto names, e.g. `target.segment_id`. */
  readonly path: string;
  /** Most characters of one value. */
  readonly maxChars: number;
  /** Most values of a repeated field. */
  readonly maxItems?: number;
}

const ID = { maxChars: MAX_SEGMENT_ID_CHARS } as const;
const NAME = { maxChars: 200 } as const;
const DESCRIPTION = { maxChars: 2000 } as const;
/** Page tokens and export cursors are signed base64 of a few hundred bytes. */
const TOKEN = { maxChars: 4096 } as const;

/** The bounded string fields, by request message. */
export const STRING_FIELD_BOUNDS: Readonly<Record<string, readonly StringFieldBound[]>> = {
  "kontorion.segments.v1.CreateSegmentRequest": [
    { path: "name", ...NAME },
    { path: "description", ...DESCRIPTION },
  ],
  "kontorion.segments.v1.GetSegmentRequest": [{ path: "id", ...ID }],
  "kontorion.segments.v1.UpdateSegmentRequest": [
    { path: "id", ...ID },
    { path: "name", ...NAME },
    { path: "description", ...DESCRIPTION },
  ],
  "kontorion.segments.v1.DeleteSegmentRequest": [{ path: "id", ...ID }],
  "kontorion.segments.v1.ListSegmentsRequest": [{ path: "page_token", ...TOKEN }],
  "kontorion.segments.v1.ListSegmentVersionsRequest": [
    { path: "id", ...ID },
    { path: "page_token", ...TOKEN },
  ],
  "kontorion.segments.v1.IsMemberRequest": [{ path: "target.segment_id", ...ID }],
  "kontorion.segments.v1.BatchIsMemberRequest": [{ path: "target.segment_id", ...ID }],
  "kontorion.segments.v1.CountMembersRequest": [{ path: "target.segment_id", ...ID }],
  "kontorion.segments.v1.ListMembersRequest": [
    { path: "target.segment_id", ...ID },
    { path: "cursor", ...TOKEN },
  ],
  "kontorion.segments.v1.ListCustomerSegmentsRequest": [{ path: "segment_ids", ...ID, maxItems: 1000 }],
  "kontorion.segments.v1.ExplainSegmentRequest": [{ path: "id", ...ID }],
  "kontorion.segments.v1.DiffMembersRequest": [{ path: "id", ...ID }],
};

function isStringField(field: DescField): boolean {
  const scalar = field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar") ? field.scalar : undefined;
  return scalar === ScalarType.STRING;
}

function checkString(path: string, value: unknown, bound: StringFieldBound): void {
  if (typeof value === "string" && value.length > 2 * bound.maxChars) {
    throw invalidArgument(path, `${path} is longer than ${bound.maxChars} characters`, "LIMIT_EXCEEDED");
  }
}

/** The bound check of one request message type (nothing to check: undefined). */
export function stringFieldCheck(desc: DescMessage): ((request: unknown) => void) | undefined {
  const bounds = STRING_FIELD_BOUNDS[desc.typeName];
  if (bounds === undefined || bounds.length === 0) return undefined;
  const checks = bounds.map((bound) => ({ bound, read: pathAccessor(desc, bound.path, isStringField) }));
  return (request) => {
    for (const { bound, read } of checks) {
      const value = read(request);
      if (!Array.isArray(value)) {
        checkString(bound.path, value, bound);
        continue;
      }
      if (bound.maxItems !== undefined && value.length > bound.maxItems) {
        throw invalidArgument(bound.path, `at most ${bound.maxItems} values, got ${value.length}`, "LIMIT_EXCEEDED");
      }
      value.forEach((item: unknown, i) => checkString(`${bound.path}[${i}]`, item, bound));
    }
  };
}
