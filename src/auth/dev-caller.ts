/**
 * AUTH=dev (what `make run` uses): at start the service registers a local development caller
 * with every scope and logs its token once, so the service is usable in one command without
 * running it open. Each start revokes the previous development tokens first, so at most one is
 * valid at a time. The configuration allows this mode only on a loopback HOST (auth-config.ts).
 */
import type { Logger } from "pino";
import type { CallerStore } from "./caller-store.js";
import { ALL_SCOPES } from "./scopes.js";

/** Name of the development caller. */
export const DEV_CALLER_NAME = "local-dev";

/** Registers a fresh development caller, revoking older ones, and logs its token. */
export async function registerDevCaller(store: CallerStore, logger: Logger, nowMs: number): Promise<string> {
  await store.revokeOrigin("dev", nowMs);
  const { record, token } = await store.create({ name: DEV_CALLER_NAME, scopes: ALL_SCOPES, origin: "dev", nowMs });
  if (token === undefined) throw new Error("a development caller must have a bearer token");
  logger.warn(
    { dev_token: token, caller_id: record.id, scopes: "all" },
    `AUTH=dev: local development token with every scope (valid until the next start); call with the header "authorization: Bearer ${token}"`,
  );
  return token;
}
