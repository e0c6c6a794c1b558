/**
 * The identity of an authenticated caller, as interceptors and handlers see it: set on the call's
 * context values by the auth interceptor once the caller is known.
 */
import { createContextKey } from "@connectrpc/connect";
import type { Scope } from "./scopes.js";

/** A registered caller (one row of api_callers). */
export interface Caller {
  /** The registration id (the id part of its bearer token). */
  readonly id: string;
  /** The calling service's name, e.g. "promotions". */
  readonly name: string;
  readonly scopes: ReadonlySet<Scope>;
  /** How it proved who it is. */
  readonly via: "bearer_token" | "client_certificate" | "auth_off";
}

/** The caller of the current RPC; undefined for public RPCs (health) and before authentication. */
export const callerKey = createContextKey<Caller | undefined>(undefined, { description: "authenticated caller" });
