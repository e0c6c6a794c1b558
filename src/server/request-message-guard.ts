/**
 * Checks every request message before connect decodes it, on every protocol (gRPC, gRPC-Web,
 * Connect; binary and JSON), so a message that does not decode is INVALID_ARGUMENT with reason
 * MALFORMED_REQUEST and the path of the field at fault — not connect's INTERNAL "parse binary:
 * premature EOF" — and is logged at info. The bytes pass on unchanged to connect's handler.
 *
 * Decoding is bounded: binary and JSON use the decoder's recursion limit MAX_MESSAGE_DEPTH, so a
 * deeper message is refused here (with its path) before anything walks it; JSON must also name
 * only known fields and enum values (connect's default drops unknown ones silently). Compressed
 * messages are left to connect (the server accepts no request compression).
 */
import { fromBinary, fromJson, type DescField, type DescMessage, type DescOneof } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { type UniversalHandler, type UniversalServerRequest } from "@connectrpc/connect/protocol";
import type { Logger } from "pino";
import { connectErrorWithDetails, withDefaultDetails } from "./error-details.js";
import { FLAG_COMPRESSED, FLAGS_UNCOMPRESSED, PREFIX_BYTES, readLengthPrefix } from "./unary-fast-path/grpc-length-prefix.js";
import { binaryMessageProblem, jsonFieldPathOf, jsonMessageProblemOf, type MessageProblem } from "./malformed-message.js";

/**
 * Deepest nesting of protobuf messages in a request (binary and JSON decoding): the decoder's
 * recursion limit. A predicate within the lowering's nesting limit (MAX_NESTING_LEVELS, 32 in
 * src/lower/predicate-limits.ts) stays far below it (an `and` level is two messages deep); a
 * deeper request is refused while decoding, with the path where the limit was crossed, before
 * anything walks it.
 */
export const MAX_MESSAGE_DEPTH = 100;

/**
 * The lowering's nesting limit of and/or/not/relation nodes, named in the depth error (the server
 * does not import lower; test/server/malformed-requests.test.ts checks the two agree).
 */
export const PREDICATE_NESTING_LEVELS = 32;

/** Binary decoding of request messages (connect's router and the guard use the same limit). */
export const REQUEST_BINARY_OPTIONS = { recursionLimit: MAX_MESSAGE_DEPTH } as const;
/** JSON decoding: unknown fields and enum names are errors, nesting is bounded. */
export const REQUEST_JSON_OPTIONS = { ignoreUnknownFields: false, recursionLimit: MAX_MESSAGE_DEPTH } as const;

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** How a request carries its messages, by content type. */
interface BodyFormat {
  readonly enveloped: boolean;
  readonly binary: boolean;
}

function bodyFormat(request: UniversalServerRequest): BodyFormat | undefined {
  const type = (request.header.get("content-type") ?? "").toLowerCase().split(";")[0]?.trim() ?? "";
  switch (type) {
    case "application/grpc":
    case "application/grpc+proto":
    case "application/grpc-web":
    case "application/grpc-web+proto":
    case "application/connect+proto":
      return { enveloped: true, binary: true };
    case "application/grpc+json":
    case "application/grpc-web+json":
    case "application/connect+json":
      return { enveloped: true, binary: false };
    case "application/proto":
      return { enveloped: false, binary: true };
    case "application/json":
      return { enveloped: false, binary: false };
    default:
      return undefined;
  }
}

/** The problem of one uncompressed request message of type `desc`, or undefined when it decodes. */
export function requestMessageProblem(desc: DescMessage, bytes: Uint8Array, binary: boolean): MessageProblem | undefined {
  if (binary) {
    try {
      fromBinary(desc, bytes, { readUnknownFields: false, ...REQUEST_BINARY_OPTIONS });
      return undefined;
    } catch (err) {
      return binaryMessageProblem(desc, bytes, MAX_MESSAGE_DEPTH) ?? { path: "", detail: `not a valid ${desc.typeName} (${errorText(err)})` };
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(STRICT_UTF8.decode(bytes));
  } catch (err) {
    return { path: "", detail: err instanceof TypeError ? "the JSON body is not valid UTF-8" : `the body is not JSON (${errorText(err)})` };
  }
  try {
    fromJson(desc, json as never, REQUEST_JSON_OPTIONS);
    return undefined;
  } catch (err) {
    return jsonMessageProblemOf(desc, json, MAX_MESSAGE_DEPTH) ?? jsonValueProblem(desc, json, err);
  }
}

/** A JSON value the decoder refused (wrong JSON type, bad number, oneof set twice), at its path. */
function jsonValueProblem(desc: DescMessage, json: unknown, err: unknown): MessageProblem {
  const cause = err instanceof Error ? err.cause : undefined;
  if (cause instanceof Error && "field" in cause && typeof cause.field === "function") {
    const target = (cause.field as () => DescField | DescOneof)();
    const path = jsonFieldPathOf(desc, json, target, MAX_MESSAGE_DEPTH);
    if (path !== undefined) return { path, detail: cause.message };
  }
  return { path: "", detail: errorText(err) };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The INVALID_ARGUMENT a malformed request message answers. */
export function malformedRequestError(problem: MessageProblem): ConnectError {
  const hint = problem.detail.startsWith("messages are nested") ? ` (and/or/not/relation nodes may nest at most ${PREDICATE_NESTING_LEVELS} levels)` : "";
  const detail = `malformed request: ${problem.detail}${hint}`;
  return connectErrorWithDetails({
    code: Code.InvalidArgument,
    message: problem.path ? `${problem.path}: ${detail}` : detail,
    reason: "MALFORMED_REQUEST",
    path: problem.path,
    detail,
  });
}

/** Settings of the guard. */
export interface RequestMessageGuardOptions {
  readonly readMaxBytes: number;
  readonly logger: Logger;
}

/** `handler`, with every request message checked first (see the module comment). */
export function guardRequestMessages(handler: UniversalHandler, options: RequestMessageGuardOptions): UniversalHandler {
  const desc = handler.method.input;
  const method = `/${handler.service.typeName}/${handler.method.name}`;
  const guarded = (request: UniversalServerRequest): ReturnType<UniversalHandler> => {
    const format = bodyFormat(request);
    const body = request.body;
    if (format === undefined || !isByteStream(body)) return handler(request);
    const check = (bytes: Uint8Array): void => {
      const problem = requestMessageProblem(desc, bytes, format.binary);
      if (problem === undefined) return;
      options.logger.info({ method, path: problem.path, detail: problem.detail.slice(0, 200) }, "malformed request");
      throw malformedRequestError(problem);
    };
    const encoding = request.header.get("content-encoding");
    if (!format.enveloped && encoding !== null && encoding !== "identity") return handler(request);
    const checked = format.enveloped
      ? checkEnvelopes(body, check, options.readMaxBytes, declaresMessageEncoding(request))
      : checkWholeBody(body, check, options.readMaxBytes);
    return handler({ ...request, body: checked });
  };
  return Object.assign(guarded, handler);
}

function isByteStream(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body;
}

/** Chunks received, joined lazily (a message arriving in many chunks is joined once). */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.byteLength;
  }

  /** The first `n` bytes (n ≤ length) as one array, without removing them. */
  peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.byteLength >= n) return first.subarray(0, n);
    const joined = new Uint8Array(this.length);
    let offset = 0;
    for (const c of this.chunks) {
      joined.set(c, offset);
      offset += c.byteLength;
    }
    this.chunks = [joined];
    return joined.subarray(0, n);
  }

  /** Removes and returns the first `n` bytes. */
  take(n: number): Uint8Array {
    const head = this.peek(n);
    const first = this.chunks[0] as Uint8Array;
    if (first.byteLength === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.length -= n;
    return head;
  }

  /** Removes and returns everything. */
  drain(): Uint8Array[] {
    const all = this.chunks;
    this.chunks = [];
    this.length = 0;
    return all;
  }
}

/** connect's RESOURCE_EXHAUSTED for an oversized envelope (same text), with its ErrorInfo. */
function assertWithinLimit(readMaxBytes: number, length: number): void {
  if (length <= readMaxBytes) return;
  throw withDefaultDetails(new ConnectError(`message size ${length} is larger than configured readMaxBytes ${readMaxBytes}`, Code.ResourceExhausted));
}

/** True when the request names a compression of its enveloped messages (gRPC, gRPC-Web, Connect streams). */
function declaresMessageEncoding(request: UniversalServerRequest): boolean {
  const encoding = request.header.get("grpc-encoding") ?? request.header.get("connect-content-encoding");
  return encoding !== null && encoding.trim() !== "" && encoding.trim().toLowerCase() !== "identity";
}

/**
 * Passes enveloped messages on, checking each uncompressed one once it is complete. A message
 * flagged compressed in a request that names no compression cannot be read at all: it is
 * malformed (connect would answer INTERNAL); one with a named compression is left to connect,
 * which refuses encodings it does not accept with UNIMPLEMENTED.
 */
async function* checkEnvelopes(
  body: AsyncIterable<Uint8Array>,
  check: (message: Uint8Array) => void,
  readMaxBytes: number,
  encodingDeclared: boolean,
): AsyncGenerator<Uint8Array> {
  const queue = new ByteQueue();
  for await (const chunk of body) {
    queue.push(chunk);
    while (queue.length >= PREFIX_BYTES) {
      const { flags, length } = readLengthPrefix(queue.peek(PREFIX_BYTES));
      assertWithinLimit(readMaxBytes, length);
      if (queue.length < PREFIX_BYTES + length) break;
      const envelope = queue.take(PREFIX_BYTES + length);
      if ((flags & FLAG_COMPRESSED) !== 0 && !encodingDeclared) {
        throw malformedRequestError({ path: "", detail: "the message is flagged compressed but the request names no compression (grpc-encoding)" });
      }
      if (flags === FLAGS_UNCOMPRESSED) check(envelope.subarray(PREFIX_BYTES));
      yield envelope;
    }
  }
  // An incomplete envelope: connect reports it.
  yield* queue.drain();
}

/** Reads a whole unary body, checks it, passes it on; an oversized one is left to connect. */
async function* checkWholeBody(body: AsyncIterable<Uint8Array>, check: (message: Uint8Array) => void, readMaxBytes: number): AsyncGenerator<Uint8Array> {
  const queue = new ByteQueue();
  const chunks = body[Symbol.asyncIterator]();
  for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
    queue.push(next.value);
    if (queue.length > readMaxBytes) {
      yield* queue.drain();
      yield* { [Symbol.asyncIterator]: () => chunks };
      return;
    }
  }
  if (queue.length === 0) {
    check(new Uint8Array(0));
    return;
  }
  const all = queue.take(queue.length);
  check(all);
  yield all;
}
