/**
 * Facts about an RPC that only the HTTP layer knows (who called, over which protocol), handed to
 * interceptors and handlers as Connect context values.
 */
import { createContextKey, createContextValues, type ContextValues } from "@connectrpc/connect";
import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { clientCertificateOfSocket } from "./client-certificate.js";

/** A request as connect-node's adapter receives it (HTTP/1.1 or HTTP/2). */
export type NodeServerRequest = IncomingMessage | Http2ServerRequest;

/** The three wire protocols served on the one port. */
export type RpcProtocol = "grpc" | "grpc_web" | "connect";

/** Remote address of the caller as `host:port` ("unknown" when the socket is gone). */
export const peerKey = createContextKey<string>("unknown", { description: "peer address" });

/** Protocol of the call, read from the request's content type. */
export const protocolKey = createContextKey<RpcProtocol>("connect", { description: "rpc protocol" });

/**
 * The client certificate of the connection, set only when TLS verified it against the configured
 * client CA (mTLS); undefined otherwise. The auth layer identifies a caller by it when the request
 * carries no bearer token (src/auth/authenticate.ts).
 */
export const clientCertificateKey = createContextKey<{ subject: string; fingerprint256: string } | undefined>(undefined, {
  description: "verified client certificate",
});

/**
 * A caller the auth layer identified (src/auth/): a registered calling service, its scopes, and
 * how it proved who it is. Kept here, with the other facts of a call, so the RPC logger can name
 * it without depending on the auth layer.
 */
export interface Caller {
  /** The registration id (the id part of its bearer token). */
  readonly id: string;
  /** The calling service's name, e.g. "promotions". */
  readonly name: string;
  /** Its scopes (src/auth/scopes.ts). */
  readonly scopes: ReadonlySet<string>;
  readonly via: "bearer_token" | "client_certificate" | "auth_off";
}

/** The caller of the current RPC; undefined for public RPCs (health) and before authentication. */
export const callerKey = createContextKey<Caller | undefined>(undefined, { description: "authenticated caller" });

/** Builds the context values of one request; pass it as connectNodeAdapter's `contextValues`. */
export function callContextFromRequest(req: NodeServerRequest): ContextValues {
  return createContextValues()
    .set(peerKey, peerOf(req))
    .set(protocolKey, protocolOf(req.headers["content-type"]))
    .set(clientCertificateKey, clientCertificateOfSocket(req.socket));
}

function peerOf(req: NodeServerRequest): string {
  const { remoteAddress, remotePort } = req.socket;
  if (remoteAddress === undefined) return "unknown";
  return remoteAddress.includes(":") ? `[${remoteAddress}]:${remotePort}` : `${remoteAddress}:${remotePort}`;
}

/** gRPC-Web content types start with application/grpc-web, gRPC ones with application/grpc. */
export function protocolOf(contentType: string | undefined): RpcProtocol {
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/grpc-web")) return "grpc_web";
  if (type.startsWith("application/grpc")) return "grpc";
  return "connect";
}
