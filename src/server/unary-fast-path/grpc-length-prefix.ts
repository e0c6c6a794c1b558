/**
 * gRPC's length-prefixed message framing (the "envelope" of the gRPC over HTTP/2 spec): one flags
 * byte (bit 0: compressed), then the message length as an unsigned 32-bit big-endian integer, then
 * the message. The only place the server writes or reads that prefix (the fast path, and the
 * request message guard, which reads gRPC-Web and Connect stream envelopes of the same shape).
 */

/** Bytes of the prefix: one flags byte, four length bytes. */
export const PREFIX_BYTES = 5;

/** Flags of an uncompressed message. */
export const FLAGS_UNCOMPRESSED = 0;

/** Bit 0 of the flags: the message is compressed. */
export const FLAG_COMPRESSED = 0x01;

/** A prefix as read from the wire. */
export interface LengthPrefix {
  readonly flags: number;
  /** Length of the message that follows, bytes. */
  readonly length: number;
}

/** `message` behind its prefix, in one buffer. */
export function frameMessage(message: Uint8Array, flags = FLAGS_UNCOMPRESSED): Buffer {
  const out = Buffer.allocUnsafe(PREFIX_BYTES + message.byteLength);
  out[0] = flags;
  out.writeUInt32BE(message.byteLength, 1);
  out.set(message, PREFIX_BYTES);
  return out;
}

/** The prefix at the start of `bytes`, which holds at least PREFIX_BYTES bytes. */
export function readLengthPrefix(bytes: Uint8Array): LengthPrefix {
  if (bytes.length < PREFIX_BYTES) throw new Error(`a gRPC length prefix needs ${PREFIX_BYTES} bytes, got ${bytes.length}`);
  return { flags: bytes[0] as number, length: new DataView(bytes.buffer, bytes.byteOffset, PREFIX_BYTES).getUint32(1) };
}
