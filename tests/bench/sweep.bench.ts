/**
 * Parameter sweeps (issue 7 point 5): 1,000 MA-cross combinations over one year of M1 on the
 * CLI's worker_threads pool, end to end — threads started, data shared, the probe against the
 * engine, every combination — with 2 workers (budget ≤ 10 s) and with 1 (the baseline of the
 * speed-up). Median of 3 sweeps each.
 */

import { threadPoolHost } from "../../src/cli/sweep-threads.ts";
import { loadSessionConfig } from "../../src/core/config/index.ts";
import { shareRunData, startSweep } from "../../src/core/engine/sweep/index.ts";
import { FX_RUN_CALENDAR, type MarketData, openRun, type SweepRequest, sweepData } from "../../src/core/run/index.ts";
import { randomWalkBars } from "./engine.bench.ts";
import type { Benchmark } from "./harness.ts";
import { median } from "./harness.ts";

const MINUTE = 60_000;

/** M1 bars of 2024's weekdays (the FX week, ~377k rows), a seeded walk, `warmup` rows before. */
const market: MarketData = {
  async bars(_symbol, _timeframe, from, to, warmup) {
    const times: number[] = [];
    for (let t = from - warmup * MINUTE; t < to; t += MINUTE) {
      const day = new Date(t).getUTCDay();
      if ((day !== 0 && day !== 6) || t < from) times.push(t);
    }
    const rows = randomWalkBars(times.length);
    rows.time.set(times);
    return { rows, startIndex: warmup, label: "bench walk" };
  },
  async ticks() {
    throw new Error("the sweep bench uses bars");
  },
};

/** fast 5…100 by 5 (20) × slow 110…600 by 10 (50): 1,000 combinations, every one fast < slow. */
const CONFIG = JSON.stringify({
  session_name: "sweep bench",
  mode: "backtest",
  backtest_config: {
    start_date: "2024-01-01",
    end_date: "2024-12-31",
    // A random walk loses the spread on every trade; with 10k the account blows up and stop-outs
    // (rightly) send combinations to the engine. Large enough that none does: this measures the sweep.
    initial_balance: 1_000_000,
    sizing: { mode: "fixed", lots: 0.1 },
    costs: { spread: "bar", commission_per_lot: 3.5 },
  },
  session_data_config: { symbols: ["EURUSD"], streams: ["bars_1m"], historical: { bars: 600 } },
  strategy: { id: "ma_cross", parameters: {} },
});
const REQUEST: SweepRequest = {
  params: ["fast=5:100:5", "slow=110:600:10"],
  constraints: [],
  objective: "sharpe",
  search: { kind: "grid" },
};

let prepared: Promise<Parameters<typeof startSweep>[0]> | undefined;
function job() {
  prepared ??= (async () => {
    const run = await openRun(loadSessionConfig(CONFIG), "bench", { market, calendar: FX_RUN_CALENDAR, now: Date.now });
    const plan = run.sweep(REQUEST);
    const data = shareRunData(sweepData(await run.prepare("bench")));
    process.stderr.write(
      `  ${plan.combinations.combinations.length} combinations over ${data.rows.length - data.startIndex} M1 bars, ${plan.method}\n`,
    );
    return {
      config: plan.config,
      instrument: plan.run.instrument,
      data,
      combinations: plan.combinations.combinations,
      method: plan.method,
      methodReason: plan.methodReason,
    };
  })();
  return prepared;
}

/**
 * Medians of a whole sweep on `workers` threads: wall time and the process's CPU time (every
 * thread's), both ms. On a shared machine the wall time includes waiting for other people's
 * work; the CPU time says what the sweep itself cost.
 */
async function sweepMs(workers: number, runs = 3): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const outcome = await startSweep(await job(), threadPoolHost(workers)).done;
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    const engine = outcome.rows.filter((r) => r.method === "engine").length;
    process.stderr.write(
      `  ${workers} worker(s): ${(wall[i] / 1000).toFixed(2)} s wall, ${(cpu[i] / 1000).toFixed(2)} s CPU, ${outcome.rows.length} rows (${engine} in the engine), ${outcome.method} on ${outcome.backend}, parity: ${outcome.parity?.detail}\n`,
    );
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const medians = new Map<number, Promise<{ wall: number; cpu: number }>>();
/** The medians for `workers`, measured once and shared by the benchmarks that read them. */
const medianMs = (workers: number): Promise<{ wall: number; cpu: number }> => {
  if (!medians.has(workers)) medians.set(workers, sweepMs(workers));
  return medians.get(workers) as Promise<{ wall: number; cpu: number }>;
};

const benchmarks: Benchmark[] = [
  {
    name: "sweep.ma_cross_1000_m1_year_1_worker_s",
    async run() {
      return { value: (await medianMs(1)).wall / 1000, unit: "s" };
    },
  },
  {
    name: "sweep.ma_cross_1000_m1_year_2_workers_s",
    budget: { on: "value", op: "<=", limit: 10 },
    async run() {
      return { value: (await medianMs(2)).wall / 1000, unit: "s" };
    },
  },
  {
    // 1-worker median over 2-worker median, from the two benchmarks above (2 cores: ≤ 2×).
    name: "sweep.ma_cross_1000_speedup_1_to_2_workers",
    async run() {
      return { value: (await medianMs(1)).wall / (await medianMs(2)).wall, unit: "×" };
    },
  },
  {
    // CPU seconds of the 2-worker sweep (all threads): over 2 it bounds the wall time on 2 idle cores.
    name: "sweep.ma_cross_1000_m1_year_2_workers_cpu_s",
    async run() {
      return { value: (await medianMs(2)).cpu / 1000, unit: "s" };
    },
  },
];

export default benchmarks;
