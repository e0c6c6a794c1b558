/**
 * The auth layer as the composition root wires it: the interceptor the server runs on every call
 * (from the first moment the port is open), and `ready`, called once the database is migrated,
 * after which callers can be checked (until then RPCs that need a caller answer UNAVAILABLE).
 */
import type { Interceptor } from "@connectrpc/connect";
import type { Knex } from "knex";
import type { Logger } from "pino";
import { buildAccessRules } from "./access-rules.js";
import type { AuthConfig } from "./auth-config.js";
import { createAuthInterceptor, createAuthOffInterceptor } from "./auth-interceptor.js";
import { Authenticator } from "./authenticate.js";
import { CallerStore } from "./caller-store.js";
import { registerDevCaller } from "./dev-caller.js";

/** The interceptor and the step that makes it able to check callers. */
export interface AuthLayer {
  readonly interceptor: Interceptor;
  /** Reads callers from `knex` from now on; in AUTH=dev registers and logs the development caller. */
  ready(knex: Knex): Promise<void>;
}

/** Builds the auth layer of `config`. */
export function createAuthLayer(config: AuthConfig, logger: Logger): AuthLayer {
  if (config.mode === "off") {
    logger.warn("AUTH=off: callers are not checked, every caller may do everything");
    return { interceptor: createAuthOffInterceptor(), ready: async () => undefined };
  }
  let authenticator: Authenticator | undefined;
  const interceptor = createAuthInterceptor({
    rules: buildAccessRules({ reflectionOpen: config.reflectionOpen }),
    authenticator: () => authenticator,
    logger,
  });
  const ready = async (knex: Knex): Promise<void> => {
    const callers = new CallerStore(knex);
    if (config.mode === "dev") await registerDevCaller(callers, logger, Date.now());
    else if ((await callers.countActive()) === 0) {
      logger.warn("no callers are registered, so every RPC but health is refused: create one with `npx tsx src/cli/tokens.ts create --name NAME --scopes …` (or run locally with AUTH=dev)");
    }
    authenticator = new Authenticator(callers, { cacheMs: config.cacheMs });
  };
  return { interceptor, ready };
}
