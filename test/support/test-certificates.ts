/**
 * Certificates for TLS tests, made with the openssl command in a temporary directory at test time:
 * a CA, a server certificate for 127.0.0.1 and localhost, a client certificate the CA signed, and
 * a client certificate of another CA the server does not trust.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A certificate with its key, as PEM, and the files holding them. */
export interface CertifiedKey {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly certFile: string;
  readonly keyFile: string;
}

/** Everything a TLS test needs. */
export interface TestCertificates {
  readonly dir: string;
  /** The CA that signs the server and the trusted client certificates. */
  readonly ca: CertifiedKey;
  /** Server certificate, SAN IP:127.0.0.1 and DNS:localhost. */
  readonly server: CertifiedKey;
  /** Client certificate signed by `ca`, subject O=Kontorion, OU=Promotions, CN=promo. */
  readonly client: CertifiedKey;
  /** Client certificate of a CA the server does not know. */
  readonly stranger: CertifiedKey;
  /** SHA-256 fingerprint of `client` as Node writes it ("AB:CD:…"). */
  readonly clientFingerprint256: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
}

function files(dir: string, name: string): CertifiedKey {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), certFile, keyFile };
}

function selfSignedCa(dir: string, name: string, subject: string): void {
  openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.crt`);
}

function signed(dir: string, name: string, subject: string, ca: string, extensions: string): void {
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", subject, "-keyout", `${name}.key`, "-out", `${name}.csr`);
  openssl(dir, "x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.crt`);
}

/** Makes a fresh set of certificates (a few hundred ms). */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), "kontorion-tls-"));
  selfSignedCa(dir, "ca", "/O=Kontorion Test/CN=Kontorion Test CA");
  selfSignedCa(dir, "other-ca", "/O=Elsewhere/CN=Elsewhere CA");
  signed(dir, "server", "/O=Kontorion Test/CN=localhost", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  signed(dir, "client", "/O=Kontorion/OU=Promotions/CN=promo", "ca", "extendedKeyUsage=clientAuth\n");
  signed(dir, "stranger", "/O=Elsewhere/CN=promo", "other-ca", "extendedKeyUsage=clientAuth\n");
  const fingerprint = execFileSync("openssl", ["x509", "-in", "client.crt", "-noout", "-fingerprint", "-sha256"], { cwd: dir, encoding: "utf8" });
  return {
    dir,
    ca: files(dir, "ca"),
    server: files(dir, "server"),
    client: files(dir, "client"),
    stranger: files(dir, "stranger"),
    clientFingerprint256: fingerprint.trim().replace(/^.*=/, ""),
  };
}
