/**
 * Prints the totals of the last `npm test` from the vitest and Playwright JSON reports, ending with
 * one plain `N passed, N failed` line. Exits 1 when a report is missing or shows no test at all.
 */
import { readFile } from "node:fs/promises";

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

async function unitCounts(): Promise<Counts> {
  const report = JSON.parse(await readFile("test-results/unit.json", "utf8"));
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests };
}

async function e2eCounts(): Promise<Counts> {
  const { stats } = JSON.parse(await readFile("test-results/e2e.json", "utf8"));
  return { passed: stats.expected, failed: stats.unexpected + stats.flaky, skipped: stats.skipped };
}

const unit = await unitCounts();
const e2e = await e2eCounts();
console.log(`unit (vitest):    ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`);
console.log(`e2e (playwright): ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`);
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || unit.passed === 0 || e2e.passed === 0 ? 1 : 0;
