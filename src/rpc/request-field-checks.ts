/**
 * Wraps the SegmentService implementation so every request passes the range checks of its
 * integer fields (integer-fields.ts) and the bounds of its strings (string-fields.ts) before a
 * handler reads it.
 */
import type { DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { integerFieldCheck } from "./integer-fields.js";
import { stringFieldCheck } from "./string-fields.js";

type AnyImpl = (request: unknown, context: unknown) => unknown;

/** Every check of one request message type, or undefined when there is none. */
function requestCheck(desc: DescMessage): ((request: unknown) => void) | undefined {
  const checks = [stringFieldCheck(desc), integerFieldCheck(desc)].filter((c) => c !== undefined);
  if (checks.length === 0) return undefined;
  return (request) => {
    for (const check of checks) check(request);
  };
}

function wrapMethod(method: DescMethod, impl: AnyImpl): AnyImpl {
  const check = requestCheck(method.input);
  if (check === undefined) return impl;
  if (method.methodKind === "server_streaming") {
    return async function* (request: unknown, context: unknown) {
      check(request);
      yield* impl(request, context) as AsyncIterable<unknown>;
    };
  }
  return (request, context) => {
    check(request);
    return impl(request, context);
  };
}

/** `impl` with every method's request checked first. */
export function withRequestFieldChecks<T extends object>(service: DescService, impl: T): T {
  const out: Record<string, AnyImpl> = { ...(impl as Record<string, AnyImpl>) };
  for (const method of service.methods) {
    const own = out[method.localName];
    if (own !== undefined) out[method.localName] = wrapMethod(method, own.bind(impl));
  }
  return out as T;
}
