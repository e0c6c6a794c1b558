// Prints the plain closing line CI reads ("tests: N passed, M failed") from vitest's JSON report.
import { readFileSync } from "node:fs";

const file = process.argv[2];
try {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
} catch (err) {
  console.log(`tests: 0 passed, 1 failed (no readable report at ${file}: ${err.message})`);
}
