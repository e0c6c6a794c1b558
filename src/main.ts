/** Process entry point: `make run`. */
import { startApp, type App } from "./app.js";
import { loadConfigOrExit } from "./config/load-config-or-exit.js";
import { createLogger } from "./server/logger.js";
import { installSignalHandlers } from "./server/signals.js";

// An invalid configuration exits 2 here, listing every problem, before the database is touched.
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);
if (!config.tls && !config.hostConfigured) {
  logger.info({ host: config.host }, "no TLS configured: serving this machine only; set HOST (e.g. 0.0.0.0) to accept other machines");
} else if (!config.tls) {
  logger.warn({ host: config.host }, "serving cleartext HTTP on a configured HOST: anyone who can reach it can read the traffic; configure TLS_CERT_FILE and TLS_KEY_FILE");
}
// Signals are handled from the start: the server already listens while the database is reached.
const stopStarting = new AbortController();
let app: App | undefined;
const starting = startApp(config, logger, { stopSignal: stopStarting.signal });
installSignalHandlers(async () => {
  stopStarting.abort();
  await starting.catch(() => undefined);
  await app?.close();
  logger.info("stopped");
}, logger);
try {
  app = await starting;
} catch (err) {
  if (!stopStarting.signal.aborted) {
    logger.fatal({ err }, "failed to start");
    process.exitCode = 1;
  }
}
