/**
 * Re-encodes the `grpc-message` trailer to the gRPC spec's minimal percent-encoding.
 *
 * connect-node encodes it with encodeURIComponent, which also escapes characters the spec allows
 * raw (`:`, `/`, `,`, `=`, ...). Spec-following decoders undo either form, but @grpc/grpc-js
 * decodes with decodeURI, which leaves those escapes in place: every `path: detail` message would
 * reach Node gRPC clients as `path%3A detail`. Escaping only what the spec requires (bytes outside
 * 0x20-0x7E, and `%`) reads correctly in both kinds of client. A space at either end is escaped
 * too: HTTP/2 field values must not start or end with white space (RFC 9113 §8.2.1), and nghttp2
 * clients reject the whole response when they do.
 */
import type { OutgoingHttpHeaders } from "node:http";
import type { Http2ServerResponse } from "node:http2";

const GRPC_MESSAGE = "grpc-message";

/** Turns a URI-component-encoded status message into the spec's minimal encoding. */
export function toSpecGrpcMessage(uriComponentEncoded: string): string {
  let text: string;
  try {
    text = decodeURIComponent(uriComponentEncoded);
  } catch {
    return uriComponentEncoded;
  }
  let out = "";
  const bytes = Buffer.from(text, "utf8");
  const last = bytes.length - 1;
  bytes.forEach((byte, i) => {
    const edgeSpace = byte === 0x20 && (i === 0 || i === last);
    const raw = byte >= 0x20 && byte <= 0x7e && byte !== 0x25 && !edgeSpace;
    out += raw ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  });
  return out;
}

/** Makes `res` rewrite the grpc-message trailer it is given (gRPC over HTTP/2 responses only). */
export function rewriteGrpcMessageTrailer(res: Http2ServerResponse): void {
  const addTrailers = res.addTrailers.bind(res);
  res.addTrailers = (trailers: OutgoingHttpHeaders): void => {
    const message = trailers[GRPC_MESSAGE];
    addTrailers(typeof message === "string" ? { ...trailers, [GRPC_MESSAGE]: toSpecGrpcMessage(message) } : trailers);
  };
}
