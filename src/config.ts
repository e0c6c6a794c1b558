/**
 * Service configuration, read once from the environment and checked before anything else runs:
 * every invalid setting is reported at once, each by its variable (ConfigError; main.ts exits 2).
 * Every setting is documented in the README's configuration table.
 *
 * A module with settings of its own reads them with the same EnvReader: add a
 * `readXSettings(reader)` function next to the module and call it from loadConfig, so its problems
 * are reported together with all others.
 */
import { isIP } from "node:net";
import type { AuthConfig } from "./auth/auth-config.js";
import { readAuthSettings } from "./config/auth-settings.js";
import { readConnectionSettings } from "./config/connection-settings.js";
import { readDatabaseUrl } from "./config/database-url-setting.js";
import { EnvReader, MAX_TIMER_MS } from "./config/env-reader.js";
import { DEFAULT_REGEX_MATCH_LIMIT } from "./db/dialect.js";
import { readTlsSettings, type TlsFiles } from "./config/tls-settings.js";
import type { ConnectionLimits } from "./server/connection-limits.js";

export { ConfigError, CONFIG_ERROR_EXIT_CODE } from "./config/config-error.js";
export { EnvReader } from "./config/env-reader.js";
export type { TlsFiles } from "./config/tls-settings.js";

/** Resolved settings. */
export interface Config {
  /** TCP port of the gRPC/Connect server; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind: HOST, else 0.0.0.0 with TLS and 127.0.0.1 without. */
  readonly host: string;
  /** Whether HOST was set (false: the secure default above). */
  readonly hostConfigured: boolean;
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
  /** Secret that signs cursors and page tokens (kept in the database when unset). */
  readonly cursorSecret: string | undefined;
  /** HTTPS (and mTLS with a client CA) when set; cleartext otherwise. */
  readonly tls: TlsFiles | undefined;
  /** Connection timeouts and caps. */
  readonly connections: ConnectionLimits;
  /** Most regex engine backtracking steps per value on MariaDB (`(*LIMIT_MATCH=n)`, src/db/dialect.ts). */
  readonly regexMatchLimit: number;
  /** Authentication and authorization of callers (src/auth/, src/config/auth-settings.ts). */
  readonly auth: AuthConfig;
}

/** pino's level names. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Reads and checks the configuration from an environment (process.env by default); throws a
 * ConfigError naming every invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const reader = new EnvReader(env);
  const ms = (min: number) => ({ min, max: MAX_TIMER_MS });
  const port = reader.integer("PORT", 50051, { min: 0, max: 65535 });
  const tls = readTlsSettings(reader);
  const host = readHost(reader, tls !== undefined);
  const config: Config = {
    port,
    host,
    hostConfigured: reader.isSet("HOST"),
    databaseUrl: readDatabaseUrl(reader),
    migrateOnStart: reader.boolean("MIGRATE_ON_START", true),
    dbPoolMax: reader.integer("DB_POOL_MAX", 16, { min: 1, max: 10_000 }),
    logLevel: reader.choice("LOG_LEVEL", LOG_LEVELS, "info"),
    maxRequestBytes: reader.integer("MAX_REQUEST_BYTES", 4 * 1024 * 1024, { min: 1, max: 0xffffffff }),
    defaultQueryTimeoutMs: reader.integer("QUERY_TIMEOUT_MS", 30_000, ms(1)),
    exportTimeoutMs: reader.integer("EXPORT_TIMEOUT_MS", 3_600_000, ms(0)),
    shutdownGraceMs: reader.integer("SHUTDOWN_GRACE_MS", 10_000, ms(0)),
    customFieldCacheMs: reader.integer("CUSTOM_FIELD_CACHE_MS", 5000, ms(0)),
    demoData: reader.boolean("DEMO_DATA", false),
    unaryFastPath: reader.boolean("UNARY_FAST_PATH", true),
    cursorSecret: reader.optionalString("CURSOR_SECRET"),
    tls,
    connections: readConnectionSettings(reader),
    regexMatchLimit: reader.integer("REGEX_MATCH_LIMIT", DEFAULT_REGEX_MATCH_LIMIT, { min: 1, max: 4_294_967_295 }),
    auth: readAuthSettings(reader, host),
  };
  reader.finish();
  return config;
}

/** Without TLS the default is loopback only: cleartext is not offered to other machines unless asked. */
function readHost(reader: EnvReader, tls: boolean): string {
  const fallback = tls ? "0.0.0.0" : "127.0.0.1";
  const host = reader.string("HOST", fallback);
  if (isIP(host) === 0 && !HOSTNAME.test(host)) {
    reader.problem("HOST", `must be an IP address or a host name, got ${JSON.stringify(host.slice(0, 80))}`);
    return fallback;
  }
  return host;
}
