/**
 * For entry points (main.ts, cli/): the configuration, or the list of its problems on stderr and
 * exit code 2 — before anything is started or any database is touched.
 */
import { CONFIG_ERROR_EXIT_CODE, ConfigError, loadConfig, type Config } from "../config.js";

/** loadConfig, exiting with code 2 and every problem printed when the configuration is invalid. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\nNothing was started. See the configuration table in README.md.\n`);
    process.exit(CONFIG_ERROR_EXIT_CODE);
  }
}
