/**
 * The interceptor that authenticates the caller of every RPC and checks it against the access
 * rules, before any handler runs. It sits in the server's interceptor list after the RPC logger
 * and the error mapping, so connect's pipeline and the unary fast path
 * (src/server/unary-fast-path/) both run it, every refusal has its log line, and a token store
 * that cannot be read answers UNAVAILABLE like any database failure.
 *
 * UNAUTHENTICATED: no credentials, a malformed, unknown or revoked token, an unregistered
 * certificate. PERMISSION_DENIED: a known caller without a scope the call needs (the message names
 * the scope).
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor, type StreamRequest, type UnaryRequest } from "@connectrpc/connect";
import type { Logger } from "pino";
import { callerKey, clientCertificateKey, peerKey, type Caller } from "../server/call-context.js";
import type { AccessRule, AccessRules, Requirement } from "./access-rules.js";
import type { AuthenticationFailure, Authenticator } from "./authenticate.js";
import { ALL_SCOPES } from "./scopes.js";

/** Settings of the interceptor. */
export interface AuthInterceptorOptions {
  readonly rules: AccessRules;
  /**
   * The authenticator, undefined while the callers cannot be read yet (database not ready):
   * RPCs that need a caller then answer UNAVAILABLE.
   */
  readonly authenticator: () => Authenticator | undefined;
  readonly logger: Logger;
}

/** What a caller sees while callers cannot be read yet (the service is still reaching its database). */
export const AUTH_STARTING_MESSAGE = "the service is starting: callers cannot be checked before the billing database is reachable; retry with backoff";

const FAILURE_MESSAGES: { readonly [F in AuthenticationFailure]: string } = {
  missing: 'this RPC needs a caller identity: send the header "authorization: Bearer <token>"',
  malformed: 'malformed authorization header: expected "Bearer kseg_<id>_<secret>"',
  unknown_token: "unknown or revoked token",
  revoked_token: "unknown or revoked token",
  unregistered_certificate: "the client certificate is not registered as a caller",
};

/** Checks every call against `rules`; fails closed for an RPC without a rule. */
export function createAuthInterceptor(options: AuthInterceptorOptions): Interceptor {
  const { rules, logger } = options;
  /** The caller of `req`, also set on its context values; throws UNAUTHENTICATED or UNAVAILABLE. */
  const identify = async (req: UnaryRequest | StreamRequest, path: string): Promise<Caller> => {
    const authenticator = options.authenticator();
    if (!authenticator) throw new ConnectError(AUTH_STARTING_MESSAGE, Code.Unavailable);
    const result = await authenticator.authenticate({
      authorization: req.header.get("authorization"),
      certificate: req.contextValues.get(clientCertificateKey),
    });
    if (!result.ok) {
      logger.info({ method: path, peer: req.contextValues.get(peerKey), failure: result.failure }, "caller not authenticated");
      throw new ConnectError(FAILURE_MESSAGES[result.failure], Code.Unauthenticated);
    }
    req.contextValues.set(callerKey, result.caller);
    return result.caller;
  };
  return (next) => async (req) => {
    const path = `/${req.service.typeName}/${req.method.name}`;
    const rule = rules.get(path);
    if (!rule) throw new ConnectError(`no access rule for ${path.slice(1)}`, Code.PermissionDenied);
    switch (rule.kind) {
      case "public":
        return next(req);
      case "authenticated":
        await identify(req, path);
        return next(req);
      case "scopes": {
        const caller = await identify(req, path);
        if (!req.stream) {
          checkScopes(caller, rule, req.message, path);
          return next(req);
        }
        // A server-streaming RPC has exactly one request message: it decides.
        const [first, messages] = await peekFirst(req);
        checkScopes(caller, rule, first ?? create(req.method.input), path);
        return next({ ...req, message: messages });
      }
      default: {
        const unhandled: never = rule;
        throw new Error(`unhandled access rule ${JSON.stringify(unhandled)}`);
      }
    }
  };
}

/** An interceptor for AUTH=off: every caller is an anonymous one with every scope. */
export function createAuthOffInterceptor(): Interceptor {
  const anonymous: Caller = { id: "-", name: "anonymous (AUTH=off)", scopes: new Set(ALL_SCOPES), via: "auth_off" };
  return (next) => async (req) => {
    req.contextValues.set(callerKey, anonymous);
    return next(req);
  };
}

function checkScopes(caller: Caller, rule: Extract<AccessRule<unknown>, { kind: "scopes" }>, message: unknown, path: string): void {
  const missing = rule.requires(message).find((r) => !caller.scopes.has(r.scope));
  if (missing) throw new ConnectError(permissionMessage(caller, missing, path), Code.PermissionDenied);
}

function permissionMessage(caller: Caller, missing: Requirement, path: string): string {
  const because = missing.because ? ` (needed for ${missing.because})` : "";
  return `caller ${JSON.stringify(caller.name)} lacks scope ${JSON.stringify(missing.scope)}${because} to call ${path.slice(1)}`;
}

/** The first request message of a stream, and the stream again from its start. */
async function peekFirst(req: StreamRequest): Promise<[unknown, AsyncIterable<never>]> {
  const iterator = (req.message as AsyncIterable<never>)[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* again(): AsyncGenerator<never> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return [first.done ? undefined : first.value, again()];
}
