/**
 * Reads the request body of a unary gRPC call when it is the common case: exactly one
 * uncompressed length-prefixed message no larger than the limit. Anything else (compressed flag,
 * oversized, a second message, a truncated one, a reset) is handed back as a replay of every byte
 * read so far followed by the rest of the body, so that connect's handler sees the request as
 * if nobody had touched it and answers with its own error.
 */
import type { Readable } from "node:stream";
import { FLAGS_UNCOMPRESSED, PREFIX_BYTES, readLengthPrefix } from "./grpc-length-prefix.js";

/** Outcome of reading a unary body. */
export type UnaryBody =
  | { readonly kind: "message"; readonly message: Uint8Array }
  | { readonly kind: "replay"; readonly body: AsyncIterable<Uint8Array> };

/** Reads `body` (paused afterwards when the outcome is a replay). */
export function readUnaryEnvelope(body: Readable, readMaxBytes: number): Promise<UnaryBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    /** Total bytes of the envelope, once its prefix was read. */
    let expected: number | undefined;
    const finish = (outcome: UnaryBody): void => {
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("close", onClose);
      resolve(outcome);
    };
    const handBack = (ended: boolean): void => {
      body.pause();
      finish({ kind: "replay", body: replay(chunks, ended ? undefined : body) });
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
      if (expected === undefined && received >= PREFIX_BYTES) {
        const prefix = chunks.length === 1 ? chunk : Buffer.concat(chunks);
        const { flags, length } = readLengthPrefix(prefix);
        if (flags !== FLAGS_UNCOMPRESSED || length > readMaxBytes) return handBack(false);
        expected = PREFIX_BYTES + length;
      }
      if (expected !== undefined && received > expected) handBack(false);
    };
    const onEnd = (): void => {
      if (expected === undefined || received !== expected) return handBack(true);
      const all = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
      finish({ kind: "message", message: all.subarray(PREFIX_BYTES) });
    };
    // Closed before its end (reset, connection lost): connect's handler reports what it sees.
    const onClose = (): void => handBack(false);
    body.on("data", onData);
    body.once("end", onEnd);
    body.once("close", onClose);
  });
}

async function* replay(read: readonly Buffer[], rest: Readable | undefined): AsyncGenerator<Uint8Array> {
  yield* read;
  if (rest) for await (const chunk of rest) yield chunk as Buffer;
}
