/** Writes a run to bench/results/: `<date>-<scale>.json`, `.md`, and `latest-<scale>.md`. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./bench-result.js";
import { renderMarkdown } from "./markdown.js";

/** Where results go. */
export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../results");

/** Writes the files; returns their paths and the markdown. */
export async function writeResults(result: BenchResult): Promise<{ files: string[]; markdown: string }> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const stamp = result.machine.date.replace(/[:]/g, "").replace(/\.\d+Z$/, "Z");
  const base = path.join(RESULTS_DIR, `${stamp}-${result.scale}`);
  const markdown = renderMarkdown(result);
  const files = [`${base}.json`, `${base}.md`, path.join(RESULTS_DIR, `latest-${result.scale}.md`)];
  await writeFile(files[0] as string, JSON.stringify(result, null, 2) + "\n");
  await writeFile(files[1] as string, markdown);
  await writeFile(files[2] as string, markdown);
  return { files, markdown };
}
