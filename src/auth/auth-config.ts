/**
 * The auth settings, read from the environment (README, "Configuration" and "Security model").
 * Every bad value throws an error naming its variable.
 */
import { isIP } from "node:net";

/**
 * How callers are checked:
 * - `tokens` (the default): every RPC but health needs a registered caller with the right scopes;
 * - `dev`: the same, and at start the service registers a local development caller with every
 *   scope and prints its token (for `make run`); only on a loopback HOST;
 * - `off`: no checks at all, every caller may do everything; only on a loopback HOST, for local
 *   experiments and tests where auth is not the point.
 */
export type AuthMode = "tokens" | "dev" | "off";

/** Resolved auth settings. */
export interface AuthConfig {
  readonly mode: AuthMode;
  /** How long a verified (or refused) token is remembered, ms: the bound on revocation delay. */
  readonly cacheMs: number;
  /** Serve reflection without a caller identity. */
  readonly reflectionOpen: boolean;
}

const MODES: readonly AuthMode[] = ["tokens", "dev", "off"];
const MAX_CACHE_MS = 60_000;

/** Reads the auth settings from `env`. */
export function loadAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  return {
    mode: modeFrom(env["AUTH"]),
    cacheMs: cacheMsFrom(env["AUTH_CACHE_MS"]),
    reflectionOpen: boolFrom(env, "REFLECTION_OPEN", false),
  };
}

/**
 * Refuses `dev` and `off` unless the server binds a loopback address only: a printed
 * all-scope token, or no checks, must never be reachable from the network.
 */
export function assertAuthFitsHost(auth: AuthConfig, host: string): void {
  if (auth.mode === "tokens" || isLoopback(host)) return;
  throw new Error(`AUTH=${auth.mode} is only allowed with a loopback HOST (127.0.0.1, ::1 or localhost), got HOST=${JSON.stringify(host)}; use AUTH=tokens`);
}

function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

function modeFrom(raw: string | undefined): AuthMode {
  if (raw === undefined || raw === "") return "tokens";
  const mode = MODES.find((m) => m === raw.toLowerCase());
  if (!mode) throw new Error(`AUTH must be one of ${MODES.join(", ")}, got ${JSON.stringify(raw)}`);
  return mode;
}

function cacheMsFrom(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 5000;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n > MAX_CACHE_MS) {
    throw new Error(`AUTH_CACHE_MS must be an integer from 0 to ${MAX_CACHE_MS}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no"].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}
