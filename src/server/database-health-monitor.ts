/**
 * Keeps the health registry in step with the database: a failing ping turns the watched services
 * NOT_SERVING, a succeeding one turns them SERVING again. Pings never overlap: the next one is
 * scheduled only after the previous one settled, even if that one outlived its timeout.
 */
import type { Logger } from "pino";
import { OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH, ServingStatus, type HealthStatus } from "./health-status.js";

/** Settings of a DatabaseHealthMonitor. */
export interface DatabaseHealthMonitorOptions {
  /** One round trip to the database (e.g. `SELECT 1`); rejects when the database is unusable. */
  readonly ping: () => Promise<unknown>;
  readonly health: HealthStatus;
  /** Pause between the end of one ping and the start of the next; default 2000 ms. */
  readonly intervalMs?: number;
  /** A ping slower than this counts as failed; default: intervalMs. */
  readonly timeoutMs?: number;
  /** Service names to flip; default: the overall server and SegmentService. */
  readonly services?: readonly string[];
  readonly logger?: Logger;
}

/** Periodic database ping driving the health statuses. */
export class DatabaseHealthMonitor {
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly services: readonly string[];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<boolean> | undefined;
  private running = false;
  private healthy: boolean | undefined;

  constructor(private readonly options: DatabaseHealthMonitorOptions) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? this.intervalMs;
    this.services = options.services ?? [OVERALL_HEALTH, SEGMENT_SERVICE_HEALTH];
  }

  /** Pings now, then every intervalMs until `stop()`. Calling it twice has no extra effect. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.tick();
  }

  /** Stops scheduling pings and waits for the one in flight, if any. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /**
   * Runs one ping and applies its outcome; resolves to whether the database answered in time.
   * While a ping is in flight, returns that ping's outcome instead of starting another.
   */
  checkNow(): Promise<boolean> {
    if (!this.inFlight) {
      this.inFlight = this.pingOnce().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async tick(): Promise<void> {
    await this.checkNow();
    if (this.running) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async pingOnce(): Promise<boolean> {
    // Promise.resolve().then: a ping that throws synchronously counts as a failed ping.
    const ping = Promise.resolve().then(() => this.options.ping());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database ping took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    let ok: boolean;
    try {
      await Promise.race([ping, timeout]);
      ok = true;
    } catch (err) {
      ok = false;
      this.record(false, err);
    } finally {
      clearTimeout(timer);
    }
    if (ok) this.record(true, undefined);
    // A timed-out ping is still running: wait for it so that pings never overlap.
    await ping.catch(() => undefined);
    return ok;
  }

  private record(ok: boolean, err: unknown): void {
    const changed = this.healthy !== ok;
    this.healthy = ok;
    const status = ok ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
    for (const service of this.services) this.options.health.set(service, status);
    if (!changed) return;
    if (ok) this.options.logger?.info("database reachable, serving");
    else this.options.logger?.warn({ err }, "database ping failed, not serving");
  }
}
