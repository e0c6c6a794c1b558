/**
 * grpc.health.v1.Health over the HealthStatus registry. Check answers NOT_FOUND for a name never
 * registered (gRPC health convention); Watch instead reports SERVICE_UNKNOWN and keeps watching,
 * since the name may be registered later.
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import {
  Health,
  HealthCheckResponseSchema,
  type HealthCheckRequest,
  type HealthCheckResponse,
} from "../../gen/grpc/health/v1/health_pb.js";
import { ServingStatus, type HealthStatus } from "./health-status.js";

/** The Health service implementation reading `health`. */
export function createHealthService(health: HealthStatus): ServiceImpl<typeof Health> {
  return {
    check(request: HealthCheckRequest): HealthCheckResponse {
      const status = health.get(request.service);
      if (status === undefined) {
        throw new ConnectError(`unknown service ${JSON.stringify(request.service)}`, Code.NotFound);
      }
      return create(HealthCheckResponseSchema, { status });
    },
    watch(request: HealthCheckRequest, context: HandlerContext): AsyncIterable<HealthCheckResponse> {
      return watchStatus(health, request.service, context.signal);
    },
  };
}

/**
 * Yields the current status, then every change, until the caller goes away or the registry shuts
 * down (after the final NOT_SERVING was sent). Changes that happen faster than the client reads
 * collapse to the latest one.
 */
async function* watchStatus(
  health: HealthStatus,
  service: string,
  callSignal: AbortSignal,
): AsyncGenerator<HealthCheckResponse> {
  let latest = health.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
  let wake: (() => void) | undefined;
  const unsubscribe = health.subscribe(service, (status) => {
    latest = status;
    wake?.();
  });
  const stop = AbortSignal.any([callSignal, health.shutdownSignal]);
  const onStop = (): void => wake?.();
  stop.addEventListener("abort", onStop);
  try {
    let sent: ServingStatus | undefined;
    for (;;) {
      if (latest !== sent) {
        sent = latest;
        yield create(HealthCheckResponseSchema, { status: sent });
        continue;
      }
      if (stop.aborted) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    unsubscribe();
    stop.removeEventListener("abort", onStop);
  }
}
