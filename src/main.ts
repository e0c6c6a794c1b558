/** Process entry point: `make run`. */
import { startApp } from "./app.js";
import { loadConfig } from "./config.js";
import { createLogger } from "./server/logger.js";
import { installSignalHandlers } from "./server/signals.js";

const config = loadConfig();
const logger = createLogger(config.logLevel);
try {
  const app = await startApp(config, logger);
  installSignalHandlers(async () => {
    await app.close();
    logger.info("stopped");
  }, logger);
} catch (err) {
  logger.fatal({ err }, "failed to start");
  process.exitCode = 1;
}
