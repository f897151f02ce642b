/**
 * The `pipscope` command where the user stands (issue 15 §2, §4, §5): fresh processes timed from
 * outside (wall clock, GNU time's peak RSS, the first byte of output), each a median of five
 * after one unmeasured run. The data is a million M1 bars imported once with `pipscope import`
 * (million-bars.ts); the loop speeds are the runs' own `timings`, first run in a fresh process.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Benchmark } from "./harness.ts";
import { median } from "./harness.ts";
import { millionBarCache } from "./million-bars.ts";
import { type ProcessRun, runProcesses, spread } from "./processes.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const node = process.execPath;

/** `pipscope backtest` of the million bars in a fresh process, with `extra` options; its result file read back. */
async function backtests(extra: string[]): Promise<{ runs: ProcessRun[]; results: Array<{ timings: Timings }> }> {
  const cache = await millionBarCache();
  const out = join(tmpdir(), `pipscope-bench-result-${process.pid}.json`);
  const results: Array<{ timings: Timings }> = [];
  const args = [cache.bin, "backtest", cache.config, "--data-dir", cache.dataDir, "--out", out, ...extra];
  const runs = await runProcesses(node, args, ROOT, 5, () => {
    results.push(JSON.parse(readFileSync(out, "utf8")));
  });
  rmSync(out, { force: true });
  return { runs, results };
}

interface Timings {
  load_ms: number;
  indicators_ms: number;
  loop_ms: number;
}

let quiet: ReturnType<typeof backtests> | undefined;
const quietRuns = () => {
  quiet ??= backtests(["--quiet"]);
  return quiet;
};

/** Bars per second of the loop, first run of each fresh process (median), with the spread. */
async function loopSpeed(extra: string[]) {
  const { results } = extra.includes("--quiet") && extra.length === 1 ? await quietRuns() : await backtests(extra);
  const { bars } = await millionBarCache();
  const speeds = results.map((r) => (bars / r.timings.loop_ms) * 1000);
  return {
    value: median(speeds),
    unit: `bars/s, first run in a fresh process: ${spread(
      speeds.map((s) => s / 1e6),
      1,
    )} M`,
  };
}

const benchmarks: Benchmark[] = [
  {
    name: "cli.help.wall_ratio_to_node",
    budget: { on: "ratio", op: "<=", limit: 3 },
    async run() {
      const help = await runProcesses(node, [join(ROOT, "bin/pipscope.mjs"), "help"], ROOT);
      const bare = await runProcesses(node, ["-e", "0"], ROOT);
      const wall = help.map((r) => r.wallMs);
      return {
        value: median(wall),
        unit: `ms wall (${spread(wall)})`,
        baseline: { name: "node -e 0", value: median(bare.map((r) => r.wallMs)) },
      };
    },
  },
  {
    name: "cli.first_output_ms",
    budget: { on: "value", op: "<=", limit: 500 },
    async run() {
      // Every command's first line, the slowest of them the figure: a run's first log line, a list, a table.
      const cache = await millionBarCache();
      const commands: Array<[string, string[]]> = [
        ["help", ["help"]],
        ["backtest", ["backtest", cache.config, "--data-dir", cache.dataDir, "--monte-carlo", "0"]],
        ["data list", ["data", "list", "--data-dir", cache.dataDir]],
        ["bots", ["bots", "examples"]],
        ["sessions", ["sessions", "--at", "2026-03-30T08:00:00Z"]],
        ["sweep", ["sweep", cache.config, "--param", "fast=5:10:5", "--data-dir", cache.dataDir]],
      ];
      const firsts: string[] = [];
      let slowest = 0;
      for (const [name, args] of commands) {
        const runs = await runProcesses(node, [cache.bin, ...args], ROOT);
        const first = median(runs.map((r) => r.firstOutputMs));
        firsts.push(`${name} ${first.toFixed(0)}`);
        slowest = Math.max(slowest, first);
      }
      return { value: slowest, unit: `ms, the slowest command's median (${firsts.join(", ")})` };
    },
  },
  {
    name: "cli.backtest_1m_quiet.wall_ms",
    budget: { on: "value", op: "<=", limit: 1000 },
    async run() {
      const { runs } = await quietRuns();
      const wall = runs.map((r) => r.wallMs);
      return {
        value: median(wall),
        unit: `ms (${spread(wall)}; ${(await millionBarCache()).bars} M1 bars, --quiet --out)`,
      };
    },
  },
  {
    name: "cli.backtest_1m_quiet.peak_rss_mb",
    budget: { on: "value", op: "<=", limit: 300 },
    async run() {
      const { runs } = await quietRuns();
      const rss = runs.map((r) => r.peakRssMb);
      return { value: median(rss), unit: `MB (${spread(rss)})` };
    },
  },
  {
    name: "cli.loop_1m.quiet_bars_per_s",
    budget: { on: "value", op: ">=", limit: 10e6 },
    run: () => loopSpeed(["--quiet"]),
  },
  {
    name: "cli.loop_1m.plain_bars_per_s",
    budget: { on: "value", op: ">=", limit: 10e6 },
    run: () => loopSpeed([]),
  },
  {
    name: "cli.loop_1m.json_events_bars_per_s",
    budget: { on: "value", op: ">=", limit: 10e6 },
    run: () => loopSpeed(["--json-events"]),
  },
  {
    name: "cli.loop_1m.ratio_to_ceiling",
    budget: { on: "ratio", op: ">=", limit: 0.3 },
    async run() {
      // The engine's indicators and loop against the least code that makes the same crosses and fills.
      const cache = await millionBarCache();
      const { results } = await quietRuns();
      const engine = results.map((r) => (cache.bars / (r.timings.indicators_ms + r.timings.loop_ms)) * 1000);
      const ceiling: number[] = [];
      let trades = 0;
      for (let i = 0; i < 5; i++) {
        const out = execFileSync(
          node,
          ["--import", "tsx", join(ROOT, "tests/bench/ceiling.ts"), cache.dataDir, cache.dataset],
          { cwd: ROOT, encoding: "utf8" },
        );
        const figures = JSON.parse(out) as { rows: number; trades: number; ms: number };
        ceiling.push((figures.rows / figures.ms) * 1000);
        trades = figures.trades;
      }
      return {
        value: median(engine),
        unit: `bars/s, indicators + loop, first run (the ceiling makes ${trades} trades)`,
        baseline: { name: "hand-written loop, fresh process", value: median(ceiling) },
      };
    },
  },
];

export default benchmarks;
