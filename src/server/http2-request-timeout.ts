/**
 * HTTP/2's counterpart of HTTP/1.1's request timeout: a request whose body has not ended within
 * `timeoutMs` is reset (CANCEL), so streams that send their headers and then nothing, or trickle
 * their body, cannot be held open — up to the stream cap on every connection — for free. Methods
 * whose requests are streams by design (client and bidi streaming, e.g. server reflection) are
 * exempt; their callers keep them open on purpose. The response is never timed: a long export
 * has its whole request long before.
 */
import { createConnectRouter, type ConnectRouter } from "@connectrpc/connect";
import http2, { type Http2ServerRequest } from "node:http2";

/** Request paths of the client- and bidi-streaming methods `routes` registers. */
export function streamingRequestPaths(routes: (router: ConnectRouter) => void): ReadonlySet<string> {
  const router = createConnectRouter();
  routes(router);
  return new Set(
    router.handlers.filter((h) => h.method.methodKind === "client_streaming" || h.method.methodKind === "bidi_streaming").map((h) => h.requestPath),
  );
}

/** Resets `req`'s stream unless its request has ended within `timeoutMs`. */
export function limitRequestTime(req: Http2ServerRequest, timeoutMs: number, exempt: ReadonlySet<string>): void {
  const { stream } = req;
  if (stream.endAfterHeaders || exempt.has(req.url.split("?", 1)[0] ?? "")) return;
  const timer = setTimeout(() => {
    if (!stream.destroyed && !stream.closed && stream.state.remoteClose !== 1) stream.close(http2.constants.NGHTTP2_CANCEL);
  }, timeoutMs);
  timer.unref();
  const clear = (): void => clearTimeout(timer);
  req.once("end", clear);
  stream.once("close", clear);
}
