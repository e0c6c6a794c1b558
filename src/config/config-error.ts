/**
 * A configuration that cannot be started with: every problem, each naming its variable. main.ts
 * prints it and exits with code 2 before anything touches the database.
 */

/** One bad setting. */
export interface ConfigProblem {
  /** The environment variable at fault (the first one, when several are involved). */
  readonly variable: string;
  /** A sentence that starts with the variable's name. */
  readonly message: string;
}

/** Exit code of a process that refuses its configuration. */
export const CONFIG_ERROR_EXIT_CODE = 2;

/** Thrown by loadConfig when any setting is invalid. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}
