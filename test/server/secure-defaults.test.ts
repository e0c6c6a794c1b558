/**
 * The process as `make run` starts it: without TLS it binds 127.0.0.1 unless HOST is set; with
 * TLS_CERT_FILE and TLS_KEY_FILE it serves TLS on all interfaces. The database is left unreachable
 * on purpose: the server listens (health NOT_SERVING) before it has one.
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { spawn } from "node:child_process";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { makeTestCertificates } from "../support/test-certificates.js";
import { lookup, PROTO_DIR } from "./harness.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts src/main.ts, waits for "server listening", returns its log lines so far and a stop function. */
async function startProcess(env: Record<string, string>): Promise<{ lines: Record<string, unknown>[]; listening: Record<string, unknown>; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { PATH: process.env["PATH"] ?? "", PORT: "0", DATABASE_URL: `mysql://root@127.0.0.1:${await closedPort()}/segments`, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const lines: Record<string, unknown>[] = [];
  const listening = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not listen")), 30_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      if (entry["msg"] === "server listening") {
        clearTimeout(timer);
        resolve(entry);
      }
    });
  });
  return {
    lines,
    listening,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

it("binds 127.0.0.1 when neither HOST nor TLS is configured, and says so", async () => {
  const proc = await startProcess({});
  try {
    expect(proc.listening).toMatchObject({ host: "127.0.0.1", tls: "off" });
    expect(proc.lines.some((l) => typeof l["msg"] === "string" && l["msg"].startsWith("no TLS configured: serving this machine only"))).toBe(true);
  } finally {
    expect(await proc.stop()).toBe(0);
  }
}, 60_000);

it("serves TLS on all interfaces when a certificate is configured", async () => {
  const certs = makeTestCertificates();
  const proc = await startProcess({ TLS_CERT_FILE: certs.server.certFile, TLS_KEY_FILE: certs.server.keyFile, TLS_CLIENT_CA_FILE: certs.ca.certFile });
  try {
    expect(proc.listening).toMatchObject({ host: "0.0.0.0", tls: "mtls" });
    const definition = grpc.loadPackageDefinition(protoLoader.loadSync("grpc/health/v1/health.proto", { includeDirs: [PROTO_DIR], enums: String }));
    const Ctor = lookup(definition, "grpc.health.v1.Health") as new (address: string, credentials: grpc.ChannelCredentials) => grpc.Client;
    const health = new Ctor(`localhost:${proc.listening["port"]}`, grpc.credentials.createSsl(certs.ca.cert, certs.client.key, certs.client.cert)) as grpc.Client & Record<string, Function>;
    const status = await new Promise<string>((resolve, reject) =>
      (health["Check"] as Function).call(health, { service: "" }, { deadline: Date.now() + 5000 }, (err: grpc.ServiceError | null, res: { status: string }) => (err ? reject(err) : resolve(res.status))),
    );
    health.close();
    expect(status).toBe("NOT_SERVING");
  } finally {
    expect(await proc.stop()).toBe(0);
  }
}, 60_000);
