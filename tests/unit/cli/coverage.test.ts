import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const BIN = resolve("bin/pipscope.mjs");

async function cli(dir: string, args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Issue 14: a run over a range the cache covers only in part said nothing and tested less.
describe("a range the cached data does not cover", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pipscope-coverage-"));
    // The sample's bars run from 2024-11-01 to 2026-10-30: this asks for two months more at each end.
    await writeFile(
      join(dir, "wide.json"),
      JSON.stringify({
        session_name: "wider than the data",
        mode: "backtest",
        backtest_config: { start_date: "2024-09-01", end_date: "2026-12-31" },
        session_data_config: { symbols: ["EURUSD"], streams: ["bars_1d"] },
        strategy: { id: "ma_cross", parameters: { fast: 5, slow: 20 } },
      }),
    );
  });

  it("is said before the run starts, and the result and its table say which data it ran on", {
    timeout: 120_000,
  }, async () => {
    const { code, stdout, stderr } = await cli(dir, ["backtest", "wide.json", "--quiet", "--data-dir", "data"]);
    expect(code).toBe(0);
    expect(stderr).toContain(
      "pipscope: warning: the cached data covers 2024-10-31 21:00 → 2026-10-30 21:00 of the requested 2024-09-01 → 2026-12-31: the run tests only that",
    );
    expect(stdout).toMatch(/^Warning: the cached data covers 2024-10-31 21:00 → 2026-10-30 21:00 of the requested/m);
    expect(stdout).toMatch(/^Data: EURUSD\/bars\/M1\/sample · SYNTHETIC \(seed 1\) · D1 resampled from M1 · /m);
  });

  it("is refused with --strict (exit 2), naming what the data holds", { timeout: 120_000 }, async () => {
    const { code, stderr } = await cli(dir, ["backtest", "wide.json", "--quiet", "--strict", "--data-dir", "data"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /the cached data covers 2024-10-31 21:00 → 2026-10-30 21:00 of the requested .* \(--strict\)/,
    );
  });
});
