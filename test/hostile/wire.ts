/**
 * Protobuf wire bytes written by hand, independent of the generated code, so the harness can
 * send what no well-behaved encoder would: nesting 100,000 deep, wrong wire types, invalid
 * UTF-8, truncated lengths. Also the 5-byte envelope that gRPC, gRPC-Web and Connect streams
 * put around each message.
 */

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Base-128 varint of a non-negative bigint (or a negative one as its 64-bit two's complement). */
export function varint(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) v = BigInt.asUintN(64, v);
  const bytes: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    bytes.push(b);
  } while (v !== 0n);
  return Uint8Array.from(bytes);
}

/** Wire types of the protobuf encoding. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/** A field key: field number and wire type. */
export function key(field: number, wireType: number): Uint8Array {
  return varint((BigInt(field) << 3n) | BigInt(wireType));
}

/** A length-delimited field (message, string or bytes). */
export function lengthDelimited(field: number, payload: Uint8Array): Uint8Array {
  return concatBytes([key(field, WireType.bytes), varint(payload.length), payload]);
}

/** A varint field. */
export function varintField(field: number, value: bigint | number): Uint8Array {
  return concatBytes([key(field, WireType.varint), varint(value)]);
}

/** UTF-8 bytes of a string field. */
export function stringField(field: number, text: string): Uint8Array {
  return lengthDelimited(field, new TextEncoder().encode(text));
}

/**
 * Wraps `inner` in `depth` layers, innermost first: layer(bytes) returns the bytes of one
 * enclosing message. Iterative, so any depth can be built.
 */
export function nest(inner: Uint8Array, depth: number, layer: (bytes: Uint8Array) => Uint8Array): Uint8Array {
  let bytes = inner;
  for (let i = 0; i < depth; i++) bytes = layer(bytes);
  return bytes;
}

/** The 5-byte envelope: flags, then the big-endian length, then the payload. */
export function envelope(payload: Uint8Array, flags = 0, declaredLength = payload.length): Uint8Array {
  const head = new Uint8Array(5);
  head[0] = flags;
  new DataView(head.buffer).setUint32(1, declaredLength >>> 0);
  return concatBytes([head, payload]);
}

/** Reads the envelopes of a response body; a trailing partial envelope is returned as `rest`. */
export function readEnvelopes(body: Uint8Array): { frames: { flags: number; payload: Uint8Array }[]; rest: number } {
  const frames: { flags: number; payload: Uint8Array }[] = [];
  let offset = 0;
  while (body.length - offset >= 5) {
    const length = new DataView(body.buffer, body.byteOffset + offset + 1, 4).getUint32(0);
    if (body.length - offset - 5 < length) break;
    frames.push({ flags: body[offset]!, payload: body.subarray(offset + 5, offset + 5 + length) });
    offset += 5 + length;
  }
  return { frames, rest: body.length - offset };
}
