/**
 * A service implementation that exists before its dependencies do: the server starts and answers
 * health and reflection while the database is still unreachable, and every method of the bound
 * service answers UNAVAILABLE until the real implementation is installed.
 */
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";

/** What a caller sees before the service is ready. */
export const SERVICE_STARTING_MESSAGE = "the service is starting: the billing database is not reachable yet; retry with backoff";

/** Delegates every method of `service` to `current()`, or answers UNAVAILABLE while it is undefined. */
export function lateBoundService<S extends DescService>(service: S, current: () => ServiceImpl<S> | undefined): ServiceImpl<S> {
  const impl: Record<string, unknown> = {};
  const target = (name: string): ((req: unknown, ctx: HandlerContext) => unknown) => {
    const ready = current() as Record<string, (req: unknown, ctx: HandlerContext) => unknown> | undefined;
    if (!ready) throw new ConnectError(SERVICE_STARTING_MESSAGE, Code.Unavailable);
    return ready[name]!;
  };
  for (const method of service.methods) {
    const name = method.localName;
    switch (method.methodKind) {
      case "unary":
        impl[name] = async (req: unknown, ctx: HandlerContext) => await target(name)(req, ctx);
        break;
      case "server_streaming":
        impl[name] = async function* (req: unknown, ctx: HandlerContext) {
          yield* target(name)(req, ctx) as AsyncIterable<unknown>;
        };
        break;
      case "client_streaming":
      case "bidi_streaming":
        throw new Error(`lateBoundService does not support ${method.methodKind} method ${method.name}`);
      default:
        throw new Error(`unknown method kind of ${method.name}`);
    }
  }
  return impl as ServiceImpl<S>;
}
