/**
 * Service configuration, read once from the environment. Every setting is documented in the
 * README's configuration table.
 */
import { assertAuthFitsHost, loadAuthConfig, type AuthConfig } from "./auth/auth-config.js";

/** Resolved settings. */
export interface Config {
  /** TCP port of the gRPC/Connect server. */
  readonly port: number;
  /** Interface to bind. */
  readonly host: string;
  /** mysql://user:password@host:port/database */
  readonly databaseUrl: string;
  /** Run migrations when the server starts. */
  readonly migrateOnStart: boolean;
  /** Connection pool size. */
  readonly dbPoolMax: number;
  /** pino level. */
  readonly logLevel: string;
  /** Largest accepted request message, bytes. */
  readonly maxRequestBytes: number;
  /** Statement time limit when the caller sets no deadline, milliseconds. */
  readonly defaultQueryTimeoutMs: number;
  /** Statement time limit of ListMembers/DiffMembers exports without a deadline, ms; 0 = none. */
  readonly exportTimeoutMs: number;
  /** How long graceful shutdown waits for in-flight calls, milliseconds. */
  readonly shutdownGraceMs: number;
  /** How long the custom field catalog is served before checking for new definitions, ms. */
  readonly customFieldCacheMs: number;
  /** Load demo customers and segments into an empty database at start. */
  readonly demoData: boolean;
  /** Serve plain unary gRPC calls on the fast path beside connect (src/server/unary-fast-path/). */
  readonly unaryFastPath: boolean;
  /** Secret that signs cursors and page tokens (random per process when unset). */
  readonly cursorSecret: string | undefined;
  /** Authentication and authorization of callers (src/auth/auth-config.ts). */
  readonly auth: AuthConfig;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no"].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config: Config = {
    port: intFrom(env, "PORT", 50051),
    host: env["HOST"] || "0.0.0.0",
    databaseUrl: env["DATABASE_URL"] || "mysql://root@127.0.0.1:3306/segments",
    migrateOnStart: boolFrom(env, "MIGRATE_ON_START", true),
    dbPoolMax: intFrom(env, "DB_POOL_MAX", 16),
    logLevel: env["LOG_LEVEL"] || "info",
    maxRequestBytes: intFrom(env, "MAX_REQUEST_BYTES", 4 * 1024 * 1024),
    defaultQueryTimeoutMs: intFrom(env, "QUERY_TIMEOUT_MS", 30_000),
    exportTimeoutMs: intFrom(env, "EXPORT_TIMEOUT_MS", 3_600_000),
    shutdownGraceMs: intFrom(env, "SHUTDOWN_GRACE_MS", 10_000),
    customFieldCacheMs: intFrom(env, "CUSTOM_FIELD_CACHE_MS", 5000),
    demoData: boolFrom(env, "DEMO_DATA", false),
    unaryFastPath: boolFrom(env, "UNARY_FAST_PATH", true),
    cursorSecret: env["CURSOR_SECRET"] || undefined,
    auth: loadAuthConfig(env),
  };
  assertAuthFitsHost(config.auth, config.host);
  return config;
}
