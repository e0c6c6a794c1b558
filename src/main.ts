/** Process entry point: `make run`. */
import { startApp, type App } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./server/logger.js";
import { installSignalHandlers } from "./server/signals.js";

/** How long past the grace period the process may take to exit on a signal. */
const EXIT_BACKSTOP_MS = 1900;

const config = loadConfig();
const logger = createLogger(config.logLevel);
// Signals are handled from the start: the server already listens while the database is reached.
const stopStarting = new AbortController();
let app: App | undefined;
const starting = startApp(config, logger, { stopSignal: stopStarting.signal });
installSignalHandlers(async () => {
  // Every step of the shutdown is bounded; this is the backstop should one not be.
  setTimeout(() => {
    logger.error({ grace_ms: config.shutdownGraceMs }, "shutdown took too long, exiting");
    process.exit(1);
  }, config.shutdownGraceMs + EXIT_BACKSTOP_MS).unref();
  stopStarting.abort();
  await starting.catch(() => undefined);
  await app?.close();
  logger.info("stopped");
  // Sockets to a frozen database may still be open: they must not keep the process alive.
  process.exit();
}, logger);
try {
  app = await starting;
} catch (err) {
  if (!stopStarting.signal.aborted) {
    logger.fatal({ err }, "failed to start");
    process.exitCode = 1;
  }
}
