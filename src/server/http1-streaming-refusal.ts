/**
 * Methods whose request is a stream (client or bidirectional streaming: server reflection) need
 * HTTP/2: HTTP/1.1 cannot carry a request stream and a response stream at once. connect answers
 * such a call over HTTP/1.1 with a bare `505 HTTP Version Not Supported` that no client maps to a
 * status (a Connect client reads it as UNKNOWN). This answers it the way each protocol's client
 * reads an error: a Connect error body with code `unimplemented`, or a gRPC-Web status in the
 * headers, each saying what to use instead.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { protocolOf } from "./call-context.js";

/** Answers `req` and returns true when it is a streaming-request method over HTTP/1.1. */
export function refuseStreamingRequestOverHttp1(req: IncomingMessage, res: ServerResponse, streamingRequestPaths: ReadonlySet<string>): boolean {
  const path = (req.url ?? "").split("?", 1)[0] ?? "";
  if (!streamingRequestPaths.has(path)) return false;
  const message = `${path} streams its requests, which needs HTTP/2: call it with gRPC or Connect over HTTP/2`;
  // The request body is not read; the connection cannot be reused for another request.
  if (protocolOf(req.headers["content-type"]) === "grpc_web") {
    res.writeHead(200, { "content-type": "application/grpc-web+proto", "grpc-status": "12", "grpc-message": encodeURIComponent(message), connection: "close" });
    res.end();
  } else {
    res.writeHead(505, { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify({ code: "unimplemented", message }));
  }
  return true;
}
