import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";

describe("auth settings", () => {
  it("defaults: tokens required, 5 s cache, reflection needs a caller", () => {
    expect(loadConfig({}).auth).toEqual({ mode: "tokens", cacheMs: 5000, reflectionOpen: false });
  });

  it.each([
    [{ AUTH: "dev", HOST: "127.0.0.1" }, { mode: "dev" }],
    [{ AUTH: "off", HOST: "localhost" }, { mode: "off" }],
    [{ AUTH: "dev" }, { mode: "dev" }],
    [{ AUTH: "off", HOST: "::1" }, { mode: "off" }],
    [{ AUTH: "tokens", HOST: "0.0.0.0" }, { mode: "tokens" }],
    [{ AUTH_CACHE_MS: "0" }, { cacheMs: 0 }],
    [{ AUTH_CACHE_MS: "60000" }, { cacheMs: 60000 }],
    [{ REFLECTION_OPEN: "true" }, { reflectionOpen: true }],
  ])("%j", (env, expected) => {
    expect(loadConfig(env).auth).toMatchObject(expected);
  });

  it.each([
    [{ AUTH: "none" }, /AUTH must be one of tokens, dev, off, got "none"/],
    [{ AUTH: "OFF" }, /AUTH must be one of tokens, dev, off, got "OFF"/],
    [{ AUTH_CACHE_MS: "-1" }, /AUTH_CACHE_MS must be an integer from 0 to 60000, got "-1"/],
    [{ AUTH_CACHE_MS: "60001" }, /AUTH_CACHE_MS must be an integer/],
    [{ AUTH_CACHE_MS: "5s" }, /AUTH_CACHE_MS must be an integer/],
    [{ REFLECTION_OPEN: "maybe" }, /REFLECTION_OPEN must be true or false/],
    // A logged all-scope token or no checks at all must not be reachable from the network.
    [{ AUTH: "dev", HOST: "0.0.0.0" }, /AUTH must be tokens unless HOST is a loopback address .* got AUTH=dev with HOST="0.0.0.0"/],
    [{ AUTH: "off", HOST: "10.1.2.3" }, /AUTH must be tokens unless HOST is a loopback address/],
    [{ AUTH: "off", HOST: "127.example.com" }, /AUTH must be tokens unless HOST is a loopback address/],
  ])("%j is refused, naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
