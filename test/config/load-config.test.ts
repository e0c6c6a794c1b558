/**
 * loadConfig checks every setting before anything runs: each problem names its variable, all are
 * reported at once, and valid settings keep their documented defaults.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { DEFAULT_CONNECTION_LIMITS } from "../../src/server/connection-limits.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.message);
    throw err;
  }
  return [];
}

describe("loadConfig defaults", () => {
  it("keeps every documented default", () => {
    expect(loadConfig({})).toEqual({
      port: 50051,
      host: "127.0.0.1",
      hostConfigured: false,
      databaseUrl: "mysql://root@127.0.0.1:3306/segments",
      migrateOnStart: true,
      dbPoolMax: 16,
      logLevel: "info",
      maxRequestBytes: 4 * 1024 * 1024,
      defaultQueryTimeoutMs: 30_000,
      exportTimeoutMs: 3_600_000,
      shutdownGraceMs: 10_000,
      customFieldCacheMs: 5000,
      demoData: false,
      unaryFastPath: true,
      cursorSecret: undefined,
      tls: undefined,
      connections: DEFAULT_CONNECTION_LIMITS,
      regexMatchLimit: 2_000_000,
      auth: { mode: "tokens", cacheMs: 5000, reflectionOpen: false },
    });
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", HOST: "", DB_POOL_MAX: "", LOG_LEVEL: "", CURSOR_SECRET: "" })).toMatchObject({
      port: 50051,
      host: "127.0.0.1",
      dbPoolMax: 16,
      logLevel: "info",
      cursorSecret: undefined,
    });
  });

  it("binds loopback without TLS unless HOST says otherwise", () => {
    expect(loadConfig({ HOST: "0.0.0.0" })).toMatchObject({ host: "0.0.0.0", hostConfigured: true });
    expect(loadConfig({ HOST: "::" })).toMatchObject({ host: "::" });
    expect(loadConfig({ HOST: "svc.internal" })).toMatchObject({ host: "svc.internal" });
  });

  it("reads every setting it documents", () => {
    const config = loadConfig({
      PORT: "0",
      DB_POOL_MAX: "4",
      LOG_LEVEL: "silent",
      EXPORT_TIMEOUT_MS: "0",
      SHUTDOWN_GRACE_MS: "0",
      MIGRATE_ON_START: "no",
      DEMO_DATA: "YES",
      CURSOR_SECRET: "s3cret",
      DATABASE_URL: "mariadb://u:p%40ss@db.example.com:3307/billing",
      CONNECTION_TIMEOUT_MS: "500",
      HEADERS_TIMEOUT_MS: "600",
      REQUEST_TIMEOUT_MS: "700",
      KEEP_ALIVE_TIMEOUT_MS: "800",
      HTTP2_IDLE_TIMEOUT_MS: "0",
      HTTP2_MAX_CONCURRENT_STREAMS: "7",
      MAX_CONNECTIONS: "0",
    });
    expect(config).toMatchObject({
      port: 0,
      dbPoolMax: 4,
      logLevel: "silent",
      exportTimeoutMs: 0,
      shutdownGraceMs: 0,
      migrateOnStart: false,
      demoData: true,
      cursorSecret: "s3cret",
      databaseUrl: "mariadb://u:p%40ss@db.example.com:3307/billing",
      connections: {
        connectionTimeoutMs: 500,
        headersTimeoutMs: 600,
        requestTimeoutMs: 700,
        keepAliveTimeoutMs: 800,
        http2IdleTimeoutMs: 0,
        http2MaxConcurrentStreams: 7,
        maxConnections: 0,
      },
    });
  });
});

describe("loadConfig problems", () => {
  it.each([
    [{ PORT: "99999" }, 'PORT must be an integer from 0 to 65535, got "99999"'],
    [{ PORT: "-1" }, 'PORT must be an integer from 0 to 65535, got "-1"'],
    [{ PORT: "80.5" }, 'PORT must be an integer from 0 to 65535, got "80.5"'],
    [{ PORT: "0x50" }, 'PORT must be an integer from 0 to 65535, got "0x50"'],
    [{ DB_POOL_MAX: "0" }, 'DB_POOL_MAX must be an integer from 1 to 10000, got "0"'],
    [{ REGEX_MATCH_LIMIT: "0" }, 'REGEX_MATCH_LIMIT must be an integer from 1 to 4294967295, got "0"'],
    [{ QUERY_TIMEOUT_MS: "0" }, 'QUERY_TIMEOUT_MS must be an integer from 1 to 2147483647, got "0"'],
    [{ EXPORT_TIMEOUT_MS: "99999999999" }, 'EXPORT_TIMEOUT_MS must be an integer from 0 to 2147483647, got "99999999999"'],
    [{ SHUTDOWN_GRACE_MS: "soon" }, 'SHUTDOWN_GRACE_MS must be an integer from 0 to 2147483647, got "soon"'],
    [{ MAX_REQUEST_BYTES: "0" }, 'MAX_REQUEST_BYTES must be an integer from 1 to 4294967295, got "0"'],
    [{ LOG_LEVEL: "verbose" }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
    [{ MIGRATE_ON_START: "maybe" }, 'MIGRATE_ON_START must be true or false (also 1/0, yes/no), got "maybe"'],
    [{ HOST: "not a host!" }, 'HOST must be an IP address or a host name, got "not a host!"'],
    [{ DATABASE_URL: "bogus" }, "DATABASE_URL must be a URL like mysql://user:password@host:3306/database (the value given is not a URL)"],
    [{ DATABASE_URL: "postgres://u:secret@h/db" }, 'DATABASE_URL must use the mysql:// scheme, like mysql://user:password@host:3306/database, got "postgres:"'],
    [{ DATABASE_URL: "mysql://u@h/" }, 'DATABASE_URL needs a database name of [A-Za-z0-9_], got ""'],
    [{ HTTP2_MAX_CONCURRENT_STREAMS: "0" }, 'HTTP2_MAX_CONCURRENT_STREAMS must be an integer from 1 to 2147483647, got "0"'],
    [{ CONNECTION_TIMEOUT_MS: "0" }, 'CONNECTION_TIMEOUT_MS must be an integer from 1 to 2147483647, got "0"'],
    [{ HEADERS_TIMEOUT_MS: "70000" }, "HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS (70000 > 60000)"],
    [{ TLS_CLIENT_CA_FILE: "/etc/hostname" }, "TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE: client certificates are only checked over TLS"],
    [{ AUTH: "none" }, 'AUTH must be one of tokens, dev, off, got "none"'],
    [{ AUTH: "off", HOST: "0.0.0.0" }, 'AUTH must be tokens unless HOST is a loopback address (127.0.0.1, ::1 or localhost), got AUTH=off with HOST="0.0.0.0"'],
    [{ AUTH_CACHE_MS: "60001" }, 'AUTH_CACHE_MS must be an integer from 0 to 60000, got "60001"'],
  ] as const)("%o: %s", (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it("wants a certificate and a key together, and checks the file given anyway", () => {
    expect(problemsOf({ TLS_KEY_FILE: "/etc/hostname" })).toEqual([
      "TLS_CERT_FILE must be set when TLS_KEY_FILE is",
      expect.stringMatching(/^TLS_KEY_FILE must hold an unencrypted PEM private key: /),
    ]);
  });

  it("never echoes a database password", () => {
    const problems = problemsOf({ DATABASE_URL: "postgres://user:hunter2@db/segments" }).join("\n");
    expect(problems).toContain("DATABASE_URL");
    expect(problems).not.toContain("hunter2");
  });

  it("reports all problems at once, each by its variable", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "99999", DB_POOL_MAX: "0", DATABASE_URL: "bogus", LOG_LEVEL: "loud" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems.map((p) => p.variable)).toEqual(["PORT", "DATABASE_URL", "DB_POOL_MAX", "LOG_LEVEL"]);
    expect(configError.message).toMatch(/^invalid configuration \(4 problems\):\n  - PORT must/);
  });
});

describe("TLS settings", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "config-tls-"));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=one", "-keyout", file("one.key"), "-out", file("one.crt"));
  openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=two", "-keyout", file("two.key"), "-out", file("two.crt"));
  writeFileSync(file("garbage.pem"), "not a pem\n");

  it("turns TLS on with a certificate and its key, binding all interfaces by default", () => {
    expect(loadConfig({ TLS_CERT_FILE: file("one.crt"), TLS_KEY_FILE: file("one.key") })).toMatchObject({
      host: "0.0.0.0",
      tls: { certFile: file("one.crt"), keyFile: file("one.key"), clientCaFile: undefined },
    });
    expect(loadConfig({ TLS_CERT_FILE: file("one.crt"), TLS_KEY_FILE: file("one.key"), TLS_CLIENT_CA_FILE: file("two.crt"), HOST: "127.0.0.1" })).toMatchObject({
      host: "127.0.0.1",
      tls: { clientCaFile: file("two.crt") },
    });
  });

  it.each([
    [{ TLS_CERT_FILE: "/no/such.crt", TLS_KEY_FILE: "KEY" }, ['TLS_CERT_FILE must name a readable file, "/no/such.crt": no such file']],
    [{ TLS_CERT_FILE: "DIR", TLS_KEY_FILE: "KEY" }, [`TLS_CERT_FILE must name a file, "${dir}" is not one`]],
    [{ TLS_CERT_FILE: "GARBAGE", TLS_KEY_FILE: "KEY" }, [expect.stringMatching(/^TLS_CERT_FILE must hold a PEM certificate: /)]],
    [{ TLS_CERT_FILE: "CERT", TLS_KEY_FILE: "GARBAGE" }, [expect.stringMatching(/^TLS_KEY_FILE must hold an unencrypted PEM private key: /)]],
    [{ TLS_CERT_FILE: "CERT", TLS_KEY_FILE: "OTHER_KEY" }, ["TLS_KEY_FILE is not the private key of the certificate in TLS_CERT_FILE"]],
    [{ TLS_CERT_FILE: "CERT", TLS_KEY_FILE: "KEY", TLS_CLIENT_CA_FILE: "GARBAGE" }, [expect.stringMatching(/^TLS_CLIENT_CA_FILE must hold PEM CA certificates: /)]],
  ])("%o is refused", (symbolic, expected) => {
    const files: Record<string, string> = { CERT: file("one.crt"), KEY: file("one.key"), OTHER_KEY: file("two.key"), GARBAGE: file("garbage.pem"), DIR: dir };
    const env = Object.fromEntries(Object.entries(symbolic).map(([k, v]) => [k, files[v] ?? v]));
    expect(problemsOf(env)).toEqual(expected);
  });
});
