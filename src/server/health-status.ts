/**
 * The serving status of each health-checked service name. The health RPCs read it, the database
 * monitor and the shutdown path write it. Once shut down, the registry stays NOT_SERVING for good,
 * so a late monitor tick cannot announce SERVING while the server drains.
 */
import { HealthCheckResponse_ServingStatus as ServingStatus } from "../../gen/grpc/health/v1/health_pb.js";
import { SegmentService } from "../../gen/kontorion/segments/v1/segment_service_pb.js";

export { ServingStatus };

/** Health name of the server as a whole (gRPC convention: the empty string). */
export const OVERALL_HEALTH = "";

/** Health name of the public API. */
export const SEGMENT_SERVICE_HEALTH = SegmentService.typeName;

/** Called with the new status of one service name. */
export type HealthListener = (status: ServingStatus) => void;

/** Registry of serving statuses with change notification. */
export class HealthStatus {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly listeners = new Map<string, Set<HealthListener>>();
  private readonly shutdownController = new AbortController();

  /** Registers `services` (default: the overall server and SegmentService) with `initial`. */
  constructor(
    services: readonly string[] = [OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH],
    initial: ServingStatus = ServingStatus.SERVING,
  ) {
    for (const service of services) this.statuses.set(service, initial);
  }

  /** Aborted once `shutdown()` ran; health watchers end their streams on it. */
  get shutdownSignal(): AbortSignal {
    return this.shutdownController.signal;
  }

  /** Sets (and registers, if new) the status of `service`; ignored after `shutdown()`. */
  set(service: string, status: ServingStatus): void {
    if (this.shutdownSignal.aborted) return;
    this.apply(service, status);
  }

  /** The status of `service`, or undefined for a name never registered. */
  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  /** Names of all registered services. */
  services(): string[] {
    return [...this.statuses.keys()];
  }

  /**
   * Calls `listener` on every change of `service` (also for a name not registered yet).
   * Returns the function that unsubscribes.
   */
  subscribe(service: string, listener: HealthListener): () => void {
    let set = this.listeners.get(service);
    if (!set) {
      set = new Set();
      this.listeners.set(service, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(service) === set) this.listeners.delete(service);
    };
  }

  /** Marks every service NOT_SERVING, freezes the registry and signals watchers to finish. */
  shutdown(): void {
    if (this.shutdownSignal.aborted) return;
    for (const service of this.services()) this.apply(service, ServingStatus.NOT_SERVING);
    this.shutdownController.abort();
  }

  private apply(service: string, status: ServingStatus): void {
    const previous = this.statuses.get(service);
    this.statuses.set(service, status);
    if (previous === status) return;
    for (const listener of [...(this.listeners.get(service) ?? [])]) listener(status);
  }
}
