/**
 * Auth settings: AUTH (tokens, dev, off), AUTH_CACHE_MS and REFLECTION_OPEN (src/auth/). `dev`
 * and `off` are refused unless the server binds a loopback address only.
 */
import { AUTH_MODES, DEFAULT_AUTH_CACHE_MS, MAX_AUTH_CACHE_MS, isLoopbackHost, type AuthConfig } from "../auth/auth-config.js";
import type { EnvReader } from "./env-reader.js";

/** Reads the auth settings; `host` is the interface the server binds (checked against AUTH). */
export function readAuthSettings(reader: EnvReader, host: string): AuthConfig {
  const mode = reader.choice("AUTH", AUTH_MODES, "tokens");
  if (mode !== "tokens" && !isLoopbackHost(host)) {
    reader.problem("AUTH", `must be tokens unless HOST is a loopback address (127.0.0.1, ::1 or localhost), got AUTH=${mode} with HOST=${JSON.stringify(host)}`);
  }
  return {
    mode,
    cacheMs: reader.integer("AUTH_CACHE_MS", DEFAULT_AUTH_CACHE_MS, { min: 0, max: MAX_AUTH_CACHE_MS }),
    reflectionOpen: reader.boolean("REFLECTION_OPEN", false),
  };
}
