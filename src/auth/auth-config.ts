/**
 * The auth settings as the service uses them (read from AUTH, AUTH_CACHE_MS and REFLECTION_OPEN
 * by src/config/auth-settings.ts; README, "Configuration" and "Security model").
 */
import { isIP } from "node:net";

/**
 * How callers are checked:
 * - `tokens` (the default): every RPC but health needs a registered caller with the right scopes;
 * - `dev`: the same, and at start the service registers a local development caller with every
 *   scope and logs its token (for `make run`); only on a loopback host;
 * - `off`: no checks at all, every caller may do everything; only on a loopback host, for local
 *   experiments and tests where auth is not the point.
 */
export type AuthMode = "tokens" | "dev" | "off";

/** Every mode, the default first. */
export const AUTH_MODES: readonly AuthMode[] = ["tokens", "dev", "off"];

/** Default and largest AUTH_CACHE_MS. */
export const DEFAULT_AUTH_CACHE_MS = 5000;
export const MAX_AUTH_CACHE_MS = 60_000;

/** Resolved auth settings. */
export interface AuthConfig {
  readonly mode: AuthMode;
  /** How long a verified (or refused) token is remembered, ms: the bound on revocation delay. */
  readonly cacheMs: number;
  /** Serve reflection without a caller identity. */
  readonly reflectionOpen: boolean;
}

/**
 * Whether `host` binds loopback only. `dev` (a logged all-scope token) and `off` (no checks)
 * must never be reachable from the network.
 */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}
