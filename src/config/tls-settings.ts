/**
 * TLS settings: a certificate and its key turn on HTTPS (HTTP/2 and HTTP/1.1 chosen by ALPN); a
 * client CA additionally requires every caller to present a certificate it signed (mTLS). The files
 * are read and parsed here, so a wrong path, a bad PEM or a key of another certificate is reported
 * at start with the variable's name instead of failing the first handshake.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import type { EnvReader } from "./env-reader.js";

/** Paths of the PEM files; the server reads them when it starts. */
export interface TlsFiles {
  /** Server certificate (chain), PEM. */
  readonly certFile: string;
  /** Private key of the certificate, PEM, not encrypted. */
  readonly keyFile: string;
  /** CA certificates that sign client certificates; set: every client must present one (mTLS). */
  readonly clientCaFile: string | undefined;
}

/** The files' contents, as the server takes them. */
export function readTlsMaterial(files: TlsFiles): { cert: Buffer; key: Buffer; clientCa?: Buffer } {
  const material = { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
  return files.clientCaFile === undefined ? material : { ...material, clientCa: readFileSync(files.clientCaFile) };
}

/** Reads TLS_CERT_FILE, TLS_KEY_FILE and TLS_CLIENT_CA_FILE; undefined when TLS is off. */
export function readTlsSettings(reader: EnvReader): TlsFiles | undefined {
  const certSet = reader.isSet("TLS_CERT_FILE");
  const keySet = reader.isSet("TLS_KEY_FILE");
  const caSet = reader.isSet("TLS_CLIENT_CA_FILE");
  if (!certSet && !keySet) {
    if (caSet) reader.problem("TLS_CLIENT_CA_FILE", "needs TLS_CERT_FILE and TLS_KEY_FILE: client certificates are only checked over TLS");
    return undefined;
  }
  if (!certSet) reader.problem("TLS_CERT_FILE", "must be set when TLS_KEY_FILE is");
  if (!keySet) reader.problem("TLS_KEY_FILE", "must be set when TLS_CERT_FILE is");
  const certFile = reader.readableFile("TLS_CERT_FILE");
  const keyFile = reader.readableFile("TLS_KEY_FILE");
  const clientCaFile = reader.readableFile("TLS_CLIENT_CA_FILE");
  const cert = certFile === undefined ? undefined : parsed(reader, "TLS_CERT_FILE", "a PEM certificate", () => new X509Certificate(readFileSync(certFile)));
  const key = keyFile === undefined ? undefined : parsed(reader, "TLS_KEY_FILE", "an unencrypted PEM private key", () => createPrivateKey(readFileSync(keyFile)));
  if (cert && key && !cert.checkPrivateKey(key)) reader.problem("TLS_KEY_FILE", "is not the private key of the certificate in TLS_CERT_FILE");
  if (clientCaFile !== undefined) {
    parsed(reader, "TLS_CLIENT_CA_FILE", "PEM CA certificates", () => {
      const pem = readFileSync(clientCaFile);
      new X509Certificate(pem);
      return createSecureContext({ ca: pem });
    });
  }
  if (certFile === undefined || keyFile === undefined) return undefined;
  return { certFile, keyFile, clientCaFile };
}

function parsed<T>(reader: EnvReader, name: string, what: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    reader.problem(name, `must hold ${what}: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
