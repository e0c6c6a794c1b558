/**
 * The process logger: pino writing one JSON object per line, with ISO timestamps so log lines
 * read the same in every environment.
 */
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * Creates the service logger at `level` (a pino level name such as "info" or "silent").
 * `destination` defaults to stdout; tests pass a stream to read the lines back.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}
