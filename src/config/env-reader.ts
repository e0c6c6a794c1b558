/**
 * Reads typed settings from environment variables and collects every problem instead of stopping at
 * the first, so a misconfigured start names all bad variables at once (config-error.ts). Each reader
 * returns the fallback when the variable is unset or empty, and also when the value is invalid (after
 * recording the problem), so reading can go on. Modules that own settings of their own take the
 * reader from loadConfig (src/config.ts) and read with it.
 */
import { accessSync, constants, statSync } from "node:fs";
import { ConfigError, type ConfigProblem } from "./config-error.js";

/** Bounds of an integer setting (inclusive). */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** Largest delay a Node timer takes; longer ones fire at once (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

const TRUE_WORDS = ["1", "true", "yes"];
const FALSE_WORDS = ["0", "false", "no"];

/** A typed view of an environment that remembers what was wrong with it. */
export class EnvReader {
  private readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The raw value; undefined when unset or empty. */
  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === "" ? undefined : value;
  }

  /** Whether the variable is set to a non-empty value. */
  isSet(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** Records a problem with `name` (for checks that involve several variables). */
  problem(name: string, message: string): void {
    this.problems.push({ variable: name, message: `${name} ${message}` });
  }

  /** A decimal integer within `range`. */
  integer(name: string, fallback: number, range: IntegerRange): number {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const n = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
      this.problem(name, `must be an integer from ${range.min} to ${range.max}, got ${quote(raw)}`);
      return fallback;
    }
    return n;
  }

  /** 1/true/yes or 0/false/no, in any case. */
  boolean(name: string, fallback: boolean): boolean {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    const word = raw.trim().toLowerCase();
    if (TRUE_WORDS.includes(word)) return true;
    if (FALSE_WORDS.includes(word)) return false;
    this.problem(name, `must be true or false (also 1/0, yes/no), got ${quote(raw)}`);
    return fallback;
  }

  /** Any non-empty string, or the fallback. */
  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  /** Any non-empty string, or undefined. */
  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  /** One of `choices`, exactly as listed. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    if ((choices as readonly string[]).includes(raw)) return raw as T;
    this.problem(name, `must be one of ${choices.join(", ")}, got ${quote(raw)}`);
    return fallback;
  }

  /** The path of a readable regular file, or undefined when unset (or not readable, recorded). */
  readableFile(name: string): string | undefined {
    const path = this.raw(name);
    if (path === undefined) return undefined;
    try {
      if (!statSync(path).isFile()) {
        this.problem(name, `must name a file, ${quote(path)} is not one`);
        return undefined;
      }
      accessSync(path, constants.R_OK);
      return path;
    } catch (err) {
      this.problem(name, `must name a readable file, ${quote(path)}: ${fileErrorText(err)}`);
      return undefined;
    }
  }

  /** Throws a ConfigError listing every recorded problem, if there is any. */
  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}

function fileErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? String(err);
}

/** A value as it appears in a message: quoted, and cut short when long. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}
