import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parseResultFile } from "../../../src/core/protocol/result-file.ts";
import { EXAMPLE_BOTS } from "../../../src/core/router/example-bots.ts";
import type { VariantOutcome } from "../../../src/core/run/variants.ts";

const run = promisify(execFile);
const BIN = resolve("bin/pipscope.mjs");

const config = (extra: object = {}) =>
  JSON.stringify({
    session_name: "variants on the sample",
    mode: "backtest",
    backtest_config: {
      start_date: "2025-01-01",
      end_date: "2025-06-30",
      costs: { spread: "bar", commission_per_lot: 3.5 },
      sizing: { mode: "fixed", lots: 0.1 },
    },
    session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"], historical: { bars: 100 } },
    strategy: { id: "ma_cross", parameters: { fast: 20, slow: 50, kind: "EMA" } },
    walk_forward: {
      in_sample_days: 60,
      out_of_sample_days: 30,
      parameters: ["fast=10:30:10", "slow=40,80"],
      objective: "net_profit",
    },
    ...extra,
  });

async function cli(dir: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("pipscope backtest --variants, the real CLI on the synthetic sample", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pipscope-variants-"));
    await writeFile(join(dir, "wf.json"), config());
  });

  it("--variants all runs the four on the same data, prints the comparison and writes each result with its variant", {
    timeout: 180_000,
  }, async () => {
    const { code, stdout } = await cli(dir, [
      "backtest",
      "wf.json",
      "--variants",
      "all",
      "--quiet",
      "--out",
      "results.json",
      "--data-dir",
      "data",
    ]);
    expect(code).toBe(0);
    // 181 days; window k's in-sample ends on day 60 + 30k while that is inside the data (the last
    // row is on day 180, 2025-06-30 23:00): k = 0…4, 5 windows, the last tests one day.
    expect(stdout).toMatch(
      /^vanilla_full: window 1\/5 in-sample 2025-01-01 → 2025-03-02: fast=\d+ slow=\d+ \(net_profit -?\d+\.\d\d, 6 combinations\)$/m,
    );
    const table = stdout.slice(stdout.lastIndexOf("\n\n", stdout.indexOf("WF windows")));
    expect(table).toMatch(/^\s+vanilla\s+spiced\s+vanilla_full\s+spiced_full$/m);
    expect(table).toMatch(
      /^Tested\s+2025-01-01 → 2025-06-30\s+2025-01-01 → 2025-06-30\s+2025-03-02 → 2025-06-30\s+2025-03-02 → 2025-06-30$/m,
    );
    expect(table).toMatch(/^WF windows\s+–\s+–\s+5\s+5$/m);
    // Issue 14: walk-forward's in-sample span beside its tested (out-of-sample) one, neither past the data.
    expect(table).toMatch(/^WF in-sample\s+–\s+–\s+2025-01-01 → 2025-06-30\s+2025-01-01 → 2025-06-30$/m);
    expect(table).toMatch(/^WF out-of-sample\s+–\s+–\s+2025-03-02 → 2025-06-30\s+2025-03-02 → 2025-06-30$/m);
    // Each variant's Monte Carlo, on the basis its sizing calls for: fixed lots, the router's governor.
    expect(stdout).toMatch(
      /^vanilla: Monte Carlo: 1,000 bootstrap paths of [\d,]+ trades, seed 1\n {2}drawn from fixed lots/m,
    );
    expect(stdout).toMatch(
      /^spiced: Monte Carlo: .*\n {2}drawn from the router's governor sizing: each trade's return/m,
    );
    const file = await readFile(join(dir, "results.json"), "utf8");
    const opened = parseResultFile(file, "results.json");
    expect(opened.kind).toBe("comparison");
    const { variants } = JSON.parse(file) as { variants: (VariantOutcome & { monte_carlo?: { basis: string } })[] };
    expect(variants.slice(0, 3).map((v) => v.monte_carlo?.basis)).toEqual(["money", "returns", "money"]);
    expect(variants.map((v) => [v.variant, v.status])).toEqual([
      ["vanilla", "complete"],
      ["spiced", "complete"],
      ["vanilla_full", "complete"],
      ["spiced_full", "complete"],
    ]);
    for (const v of variants) if (v.status === "complete") expect(v.result.variant).toBe(v.variant);
    const vanilla = variants[0].status === "complete" ? variants[0].result : undefined;
    expect(table).toMatch(new RegExp(`^Trades\\s+${vanilla?.metrics.trades}\\s`, "m"));
  });

  it("with a two-bot router team, the spiced variants trade the team as one portfolio on the sample", {
    timeout: 180_000,
  }, async () => {
    await writeFile(join(dir, "team.json"), config({ router: { bots: EXAMPLE_BOTS } }));
    const { code, stdout } = await cli(dir, [
      "backtest",
      "team.json",
      "--variants",
      "all",
      "--quiet",
      "--out",
      "team-results.json",
      "--data-dir",
      "data",
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^spiced_full: window 1\/5 in-sample 2025-01-01 → 2025-03-02: fast=\d+ slow=\d+ /m);
    const { variants } = JSON.parse(await readFile(join(dir, "team-results.json"), "utf8")) as {
      variants: VariantOutcome[];
    };
    const spiced = variants[1];
    if (spiced.status !== "complete") throw new Error(`spiced did not run: ${JSON.stringify(spiced)}`);
    expect(spiced.result.strategy).toEqual({ id: "portfolio", params: { bots: "london-breakout,ma-cross-primal" } });
    expect(spiced.result.variant).toBe("spiced");
    expect(variants.map((v) => v.status)).toEqual(["complete", "complete", "complete", "complete"]);
  });

  it("an unknown variant is bad usage (exit 2) naming it", { timeout: 60_000 }, async () => {
    const { code, stderr } = await cli(dir, [
      "backtest",
      "wf.json",
      "--variants",
      "vanilla,salty",
      "--data-dir",
      "data",
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--variants: unknown variant 'salty': all, or a list of vanilla, spiced, vanilla_full, spiced_full/,
    );
  });

  it("--json-events with --variants is bad usage (exit 2)", { timeout: 60_000 }, async () => {
    const { code, stderr } = await cli(dir, ["backtest", "wf.json", "--variants", "all", "--json-events"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--json-events streams one run's events; with --variants, write the results with --out/);
  });

  it("a bad walk_forward parameter is bad input (exit 2) naming the file and path", { timeout: 60_000 }, async () => {
    await writeFile(
      join(dir, "bad.json"),
      config({ walk_forward: { in_sample_days: 60, out_of_sample_days: 30, parameters: ["fast=10:5"] } }),
    );
    const { code, stderr } = await cli(dir, ["backtest", "bad.json", "--variants", "all", "--data-dir", "data"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /bad\.json.*\$\.walk_forward\.parameters.*parameter fast: the range ends \(5\) before it starts \(10\)/,
    );
  });
});
