/**
 * SIGTERM/SIGINT handling: the first signal starts the shutdown, later ones only log, so a second
 * Ctrl-C cannot interrupt a drain half-way.
 */
import type { Logger } from "pino";

/** Signals that trigger shutdown. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

/** Where signals come from: the process, or an emitter in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Installs handlers calling `shutdown` once, with the signal that came first. A rejected shutdown
 * is logged and sets `process.exitCode = 1`. Returns a function removing the handlers.
 */
export function installSignalHandlers(
  shutdown: (signal: NodeJS.Signals) => Promise<void>,
  logger?: Logger,
  target: SignalSource = process,
): () => void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) {
      logger?.warn({ signal }, "shutdown already in progress");
      return;
    }
    started = true;
    logger?.info({ signal }, "shutdown requested");
    Promise.resolve()
      .then(() => shutdown(signal))
      .catch((err: unknown) => {
      logger?.error({ err }, "shutdown failed");
      process.exitCode = 1;
    });
  };
  for (const signal of SHUTDOWN_SIGNALS) target.on(signal, onSignal);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) target.off(signal, onSignal);
  };
}
