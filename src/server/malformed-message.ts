/**
 * Why a request message does not decode, and where: the path of the field at fault (request
 * paths as lowering writes them, e.g. `predicate.and[0].condition.field`) and what is wrong.
 * Used after the decoder refused a message, so a caller learns more than "premature EOF"; it
 * never recurses deeper than the decoder's own limit, so no message can exhaust the stack.
 */
import { ScalarType, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/** A problem at one request path. */
export interface MessageProblem {
  /** Path of the field at fault, "" for the message as a whole. */
  readonly path: string;
  readonly detail: string;
}

/** Messages whose single list is transparent in paths: `and[2]`, not `and.predicates[2]`. */
const TRANSPARENT_LISTS: ReadonlySet<string> = new Set(["kontorion.segments.v1.PredicateList"]);

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The path of element `index` of `field` (index ignored for singular fields) in a message at `path`. */
function childPath(parent: DescMessage, path: string, field: DescField, index: number): string {
  if (field.fieldKind === "list" && TRANSPARENT_LISTS.has(parent.typeName)) return `${path}[${index}]`;
  const named = path === "" ? field.name : `${path}.${field.name}`;
  return field.fieldKind === "list" ? `${named}[${index}]` : named;
}

/** A value for a message: `"abc"`, cut after 64 characters. */
export function quoteBounded(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------- binary

function scalarWireType(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}

const WIRE_TYPE_NAMES: Readonly<Record<number, string>> = {
  [WireType.Varint]: "varint",
  [WireType.Bit64]: "64-bit",
  [WireType.LengthDelimited]: "length-delimited",
  [WireType.StartGroup]: "group start",
  [WireType.EndGroup]: "group end",
  [WireType.Bit32]: "32-bit",
};

/** Reads a length prefix and checks the bytes it announces are there; returns their end. */
function lengthDelimitedEnd(reader: BinaryReader, end: number): number | string {
  const length = reader.uint32();
  if (reader.pos > end) return "truncated length";
  if (reader.pos + length > end) return `truncated: ${length} bytes announced, ${end - reader.pos} left`;
  return reader.pos + length;
}

interface ScanState {
  readonly reader: BinaryReader;
  readonly bytes: Uint8Array;
  readonly maxDepth: number;
}

/** The first problem of the message `desc` between the reader's position and `end`. */
function scanMessage(state: ScanState, desc: DescMessage, end: number, path: string, depth: number): MessageProblem | undefined {
  if (depth > state.maxDepth) {
    return { path, detail: `messages are nested more than ${state.maxDepth} levels deep` };
  }
  const { reader } = state;
  const seen = new Map<number, number>();
  while (reader.pos < end) {
    let fieldNo: number;
    let wireType: WireType;
    try {
      [fieldNo, wireType] = reader.tag();
    } catch (err) {
      return { path, detail: `malformed field tag (${errorText(err)})` };
    }
    const field = desc.fields.find((f) => f.number === fieldNo);
    if (field === undefined) {
      try {
        reader.skip(wireType, fieldNo, state.maxDepth - depth);
      } catch (err) {
        return { path, detail: `unknown field ${fieldNo} is malformed (${errorText(err)})` };
      }
      if (reader.pos > end) return { path, detail: `unknown field ${fieldNo} runs past the end of its message` };
      continue;
    }
    const index = seen.get(fieldNo) ?? 0;
    seen.set(fieldNo, index + 1);
    const problem = scanField(state, field, wireType, end, childPath(desc, path, field, index), depth);
    if (problem !== undefined) return problem;
  }
  return reader.pos > end ? { path, detail: "a field runs past the end of its message" } : undefined;
}

function scanField(state: ScanState, field: DescField, wireType: WireType, end: number, path: string, depth: number): MessageProblem | undefined {
  const { reader } = state;
  const wrongType = (expected: WireType): MessageProblem => ({
    path,
    detail: `wrong wire type: ${WIRE_TYPE_NAMES[wireType] ?? wireType} for a field that takes ${WIRE_TYPE_NAMES[expected]}`,
  });
  const message = field.fieldKind === "message" ? field.message : field.fieldKind === "list" && field.listKind === "message" ? field.message : undefined;
  try {
    if (message !== undefined) {
      if (wireType !== WireType.LengthDelimited) return wrongType(WireType.LengthDelimited);
      const innerEnd = lengthDelimitedEnd(reader, end);
      if (typeof innerEnd === "string") return { path, detail: innerEnd };
      const problem = scanMessage(state, message, innerEnd, path, depth + 1);
      reader.pos = innerEnd;
      return problem;
    }
    if (field.fieldKind === "map") {
      if (wireType !== WireType.LengthDelimited) return wrongType(WireType.LengthDelimited);
      const innerEnd = lengthDelimitedEnd(reader, end);
      if (typeof innerEnd === "string") return { path, detail: innerEnd };
      reader.pos = innerEnd;
      return undefined;
    }
    const scalar = field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum") ? ScalarType.INT32 : field.scalar;
    if (scalar === undefined) return undefined;
    const expected = scalarWireType(scalar);
    const packable = field.fieldKind === "list" && expected !== WireType.LengthDelimited;
    if (packable && wireType === WireType.LengthDelimited) {
      const innerEnd = lengthDelimitedEnd(reader, end);
      if (typeof innerEnd === "string") return { path, detail: innerEnd };
      while (reader.pos < innerEnd) reader.skip(expected);
      return reader.pos > innerEnd ? { path, detail: "a packed value runs past the end of its list" } : undefined;
    }
    if (wireType !== expected) return wrongType(expected);
    if (expected !== WireType.LengthDelimited) {
      reader.skip(wireType);
      return reader.pos > end ? { path, detail: "truncated value" } : undefined;
    }
    const innerEnd = lengthDelimitedEnd(reader, end);
    if (typeof innerEnd === "string") return { path, detail: innerEnd };
    const bytes = state.bytes.subarray(reader.pos, innerEnd);
    reader.pos = innerEnd;
    if (scalar === ScalarType.STRING) {
      try {
        STRICT_UTF8.decode(bytes);
      } catch {
        return { path, detail: "string is not valid UTF-8" };
      }
    }
    return undefined;
  } catch (err) {
    return { path, detail: `malformed value (${errorText(err)})` };
  }
}

/** The first problem of binary message `bytes` of type `desc`, if the scan finds one. */
export function binaryMessageProblem(desc: DescMessage, bytes: Uint8Array, maxDepth: number): MessageProblem | undefined {
  const reader = new BinaryReader(bytes);
  return scanMessage({ reader, bytes, maxDepth }, desc, bytes.length, "", 1);
}

// ---------------------------------------------------------------- JSON

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Messages with a special JSON form (strings, numbers): not walked, the decoder checks them. */
function hasSpecialJson(desc: DescMessage): boolean {
  return desc.typeName.startsWith("google.protobuf.");
}

function enumProblem(field: DescField, value: unknown, path: string): MessageProblem | undefined {
  const enumDesc = field.fieldKind === "enum" ? field.enum : field.fieldKind === "list" && field.listKind === "enum" ? field.enum : undefined;
  if (enumDesc === undefined || typeof value !== "string") return undefined;
  if (enumDesc.values.some((v) => v.name === value)) return undefined;
  const names = enumDesc.values.map((v) => v.name);
  return { path, detail: `unknown enum value ${quoteBounded(value)} of ${enumDesc.typeName}; one of ${names.join(", ")}` };
}

function jsonValueProblem(field: DescField, value: unknown, path: string, depth: number, maxDepth: number): MessageProblem | undefined {
  const message = field.fieldKind === "message" ? field.message : field.fieldKind === "list" && field.listKind === "message" ? field.message : undefined;
  if (message !== undefined) return value === null ? undefined : jsonMessageProblem(message, value, path, depth + 1, maxDepth);
  return enumProblem(field, value, path);
}

function jsonMessageProblem(desc: DescMessage, json: unknown, path: string, depth: number, maxDepth: number): MessageProblem | undefined {
  if (depth > maxDepth) return { path, detail: `messages are nested more than ${maxDepth} levels deep` };
  if (hasSpecialJson(desc)) return undefined;
  if (!isObject(json)) return { path, detail: `expected a JSON object for ${desc.typeName}` };
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    if (field === undefined) {
      return { path, detail: `unknown field ${quoteBounded(key)} in ${desc.typeName}; its fields are ${desc.fields.map((f) => f.jsonName).join(", ")}` };
    }
    if (field.fieldKind === "list") {
      if (!Array.isArray(value)) continue;
      for (let i = 0; i < value.length; i++) {
        const problem = jsonValueProblem(field, value[i], childPath(desc, path, field, i), depth, maxDepth);
        if (problem !== undefined) return problem;
      }
      continue;
    }
    if (field.fieldKind === "map") continue;
    const problem = jsonValueProblem(field, value, childPath(desc, path, field, 0), depth, maxDepth);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The first unknown field, unknown enum name or too deep nesting of parsed JSON `json` of type `desc`. */
export function jsonMessageProblemOf(desc: DescMessage, json: unknown, maxDepth: number): MessageProblem | undefined {
  return jsonMessageProblem(desc, json, "", 1, maxDepth);
}
