/**
 * The verified TLS client certificate of a connection (mTLS), described once when the handshake
 * completes and kept on the socket, so every call on the connection reads it without asking
 * OpenSSL again. Only a certificate the configured client CA verified is ever described.
 */
import type { TLSSocket } from "node:tls";

/** Who the client certificate says the caller is. */
export interface ClientCertificate {
  /** Subject distinguished name as in RFC 4514, most specific first, e.g. "CN=promo,O=Kontorion". */
  readonly subject: string;
  /** SHA-256 fingerprint of the certificate, colon-separated upper-case hex ("AB:CD:…"). */
  readonly fingerprint256: string;
}

const CLIENT_CERTIFICATE = Symbol("kontorion.clientCertificate");

type Remembering = { [CLIENT_CERTIFICATE]?: ClientCertificate };

/**
 * Describes the peer certificate of `socket` if the handshake verified it, and keeps the description
 * on the socket for clientCertificateOfSocket.
 */
export function rememberVerifiedClientCertificate(socket: TLSSocket): ClientCertificate | undefined {
  if (!socket.authorized) return undefined;
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0 || !peer.fingerprint256) return undefined;
  const described: ClientCertificate = { subject: formatDistinguishedName(peer.subject), fingerprint256: peer.fingerprint256 };
  (socket as TLSSocket & Remembering)[CLIENT_CERTIFICATE] = described;
  return described;
}

/**
 * The certificate remembered for a connection. Takes a request's `socket` as is: for HTTP/2 that is
 * Node's proxy, which forwards the lookup to the TLS socket.
 */
export function clientCertificateOfSocket(socket: object | undefined): ClientCertificate | undefined {
  return (socket as Remembering | undefined)?.[CLIENT_CERTIFICATE];
}

/**
 * RFC 4514 string of a subject as Node parses it (attributes in certificate order, repeated ones
 * as arrays): reversed into most-specific-first order, special characters escaped.
 */
export function formatDistinguishedName(subject: object | undefined): string {
  if (!subject) return "";
  const parts: string[] = [];
  for (const [type, value] of Object.entries(subject) as [string, string | string[]][]) {
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`${type}=${escapeAttributeValue(one)}`);
  }
  return parts.reverse().join(",");
}

function escapeAttributeValue(value: string): string {
  let escaped = value.replace(/["+,;<>\\]/g, (c) => `\\${c}`).replace(/\0/g, "\\00");
  if (escaped.startsWith("#") || escaped.startsWith(" ")) escaped = `\\${escaped}`;
  if (escaped.endsWith(" ") && escaped.length > 1) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}
