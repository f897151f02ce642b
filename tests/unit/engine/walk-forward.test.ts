import { describe, expect, it } from "vitest";
import type { BarColumns } from "../../../src/core/data/types.ts";
import { type BacktestInput, runBacktest } from "../../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../../src/core/engine/spec.ts";
import { enumerate, makeSpace, parseAxis, parseObjective } from "../../../src/core/engine/sweep/index.ts";
import { twinKernels } from "../../../src/core/kernels/index.ts";
import {
  describeParams,
  type OptimisedWindow,
  type Optimiser,
  runWalkForward,
  type WalkForwardOptions,
} from "../../../src/core/run/walk-forward.ts";
import { sweepOptimiser } from "../../../src/core/run/walk-forward-optimiser.ts";
import type { WalkForwardWindow } from "../../../src/core/run/walk-forward-windows.ts";
import { createStrategy, strategyById } from "../../../src/core/strategy/index.ts";
import type { ParamValues } from "../../../src/core/strategy/params.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { EURUSD, logLines, recordingHost } from "./fixtures.ts";

const H1 = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const WARMUP = 60;

/** 60 days of H1 walk from T0 with 60 rows of warm-up before it. */
function walk(): BarColumns {
  const n = 60 * 24 + WARMUP;
  const rows = randomWalkBars(n, 11);
  for (let i = 0; i < n; i++) rows.time[i] = T0 + (i - WARMUP) * H1;
  return rows;
}

function input(bars: BarColumns, params: ParamValues = { fast: 10, slow: 30 }): BacktestInput {
  return {
    backtestId: "wf",
    variant: "vanilla_full",
    strategy: { id: "ma_cross", ...createStrategy("ma_cross", params) },
    instrument: EURUSD,
    timeframe: "H1",
    bars,
    startIndex: WARMUP,
    account: { ...DEFAULT_ACCOUNT },
    costs: { ...DEFAULT_COSTS, swaps: false },
    sizing: { mode: "fixed", lots: 1 },
    options: { ...DEFAULT_OPTIONS },
  };
}

const specs = strategyById("ma_cross").params;
const space = makeSpace(
  specs,
  { fast: 10, slow: 30, kind: "SMA", long_only: false },
  [parseAxis("fast=4,8,12", specs, "ma_cross"), parseAxis("slow=24,48", specs, "ma_cross")],
  [],
);
/** The sweep engine's evaluator, or (`viaRunner`) each combination through a runner as the spiced variants do. */
const realOptimiser = (viaRunner = false) =>
  sweepOptimiser({
    combinations: enumerate(space, { kind: "grid" }).combinations,
    base: space.base,
    objective: parseObjective("net_profit", specs),
    kernels: twinKernels(),
    now: () => 0,
    run: viaRunner ? runBacktest : undefined,
  });

/** Wraps an optimiser, keeping each window and its choice. */
function recording(inner: Optimiser) {
  const calls: { window: WalkForwardWindow; input: BacktestInput; choice: OptimisedWindow }[] = [];
  const optimiser: Optimiser = {
    objective: inner.objective,
    async optimise(inSample, window) {
      const choice = await inner.optimise(inSample, window);
      calls.push({ window, input: inSample, choice });
      return choice;
    },
  };
  return { optimiser, calls };
}

const ROLLING: WalkForwardOptions["settings"] = { mode: "rolling", inSampleDays: 20, outOfSampleDays: 10 };
const options = (optimiser: Optimiser): WalkForwardOptions => ({ settings: ROLLING, optimiser, run: runBacktest });

/** A copy of `bars` with every row from `from` on wildly different (prices doubled, reversed moves). */
function poisoned(bars: BarColumns, from: number): BarColumns {
  const out = {
    ...bars,
    open: bars.open.slice(),
    high: bars.high.slice(),
    low: bars.low.slice(),
    close: bars.close.slice(),
  };
  for (let i = from; i < bars.length; i++) {
    const mirror = (p: number) => 4 - p;
    out.open[i] = mirror(bars.open[i]);
    out.close[i] = mirror(bars.close[i]);
    out.high[i] = mirror(bars.low[i]);
    out.low[i] = mirror(bars.high[i]);
  }
  return out;
}

describe("walk-forward: out-of-sample data never reaches the optimiser", () => {
  it.each([
    ["the evaluator", false],
    ["a runner", true],
  ])(
    "the optimiser (%s) is handed copies that end at the in-sample end: no column holds a later row",
    async (_, viaRunner) => {
      const data = walk();
      const { optimiser, calls } = recording(realOptimiser(viaRunner));
      await runWalkForward(input(data), options(optimiser), recordingHost());
      expect(calls.length).toBe(4);
      for (const { window, input: seen } of calls) {
        const bars = seen.bars as BarColumns;
        const rows = window.inSample.to - Math.max(0, window.inSample.from - WARMUP);
        expect(bars.length).toBe(rows);
        for (const column of [bars.time, bars.open, bars.high, bars.low, bars.close, bars.spread, bars.tickVolume]) {
          // A copy: its buffer is exactly its rows, so no later row can be read back through it.
          expect(column.length).toBe(rows);
          expect(column.buffer.byteLength).toBe(rows * 8);
        }
        expect(bars.time[bars.length - 1]).toBeLessThan(window.inSample.end);
        expect(bars.time[seen.startIndex]).toBe(data.time[window.inSample.from]);
      }
    },
  );

  it.each([
    ["the evaluator", false],
    ["a runner", true],
  ])(
    "poisoning every row after an in-sample window leaves that window's choice exactly as it was (%s)",
    async (_, viaRunner) => {
      const data = walk();
      const clean = recording(realOptimiser(viaRunner));
      await runWalkForward(input(data), options(clean.optimiser), recordingHost());
      const choices = clean.calls.map((c) => c.choice);
      // Not a vacuous test: the windows do not all choose the same parameters.
      expect(new Set(choices.map((c) => JSON.stringify(c.params))).size).toBeGreaterThan(1);
      let laterChanged = false;
      for (const [k, call] of clean.calls.entries()) {
        const dirty = recording(realOptimiser(viaRunner));
        await runWalkForward(input(poisoned(data, call.window.inSample.to)), options(dirty.optimiser), recordingHost());
        // Windows up to k saw only clean rows: identical choices, to the last bit of the objective.
        for (let j = 0; j <= k; j++) expect(dirty.calls[j].choice).toEqual(choices[j]);
        // Later windows do see the poison in sample, which shows it is strong enough to matter.
        laterChanged ||= dirty.calls.slice(k + 1).some((c, j) => c.choice.objective !== choices[k + 1 + j].objective);
      }
      expect(laterChanged).toBe(true);
    },
  );
});

describe("walk-forward: the stitched out-of-sample run", () => {
  it("runs from the first out-of-sample row on one account, switching parameters at each window", async () => {
    const data = walk();
    const { optimiser, calls } = recording(realOptimiser());
    const host = recordingHost();
    const result = await runWalkForward(input(data), options(optimiser), host);
    expect(result.start).toBe(T0 + 20 * DAY);
    expect(result.bars_processed).toBe(40 * 24);
    const switches = logLines(host).filter((line) => line.startsWith("walk-forward window"));
    expect(switches).toEqual(
      calls.slice(1).map(({ choice }, k) => `walk-forward window ${k + 2}/4: ${describeParams(choice.params)}`),
    );
    // The account carries over: the windows' returns compound to the run's.
    const growth = result.walk_forward.windows.reduce((g, w) => g * (1 + w.out_of_sample_return_pct / 100), 1);
    expect(growth).toBeCloseTo(result.metrics.final_balance / 10_000, 6);
    expect(result.walk_forward.windows.map((w) => w.params)).toEqual(calls.map((c) => c.choice.params));
  });

  it("walk-forward efficiency is the annualised out-of-sample return over the mean annualised in-sample one", async () => {
    // A fixed choice with a stated in-sample return of 2% per 20-day window: 2 × 365.25 / 20 = 36.525 %/year.
    const fixed: Optimiser = {
      objective: "net_profit",
      async optimise() {
        const params = createStrategy("ma_cross", { fast: 8, slow: 24 }).params;
        return { params, objective: 200, metrics: { return_pct: 2 } as OptimisedWindow["metrics"], evaluated: 1 };
      },
    };
    const result = await runWalkForward(input(walk()), options(fixed), recordingHost());
    const report = result.walk_forward;
    expect(report.in_sample_annual_return_pct).toBeCloseTo(36.525, 9);
    // Out of sample: day 20 to the last row's close, day 60 (the data's end cuts the last window).
    const span = (result.end + 1 - (T0 + 20 * DAY)) / DAY;
    expect(report.out_of_sample_annual_return_pct).toBeCloseTo((result.metrics.return_pct * 365.25) / span, 9);
    expect(report.efficiency).toBeCloseTo(report.out_of_sample_annual_return_pct / 36.525, 9);
  });

  it("efficiency is null when the in-sample return is not positive", async () => {
    const losing: Optimiser = {
      objective: "net_profit",
      async optimise() {
        const params = createStrategy("ma_cross", { fast: 8, slow: 24 }).params;
        return { params, objective: -5, metrics: { return_pct: -1 } as OptimisedWindow["metrics"], evaluated: 1 };
      },
    };
    const result = await runWalkForward(input(walk()), options(losing), recordingHost());
    expect(result.walk_forward.in_sample_annual_return_pct).toBeCloseTo(-18.2625, 9);
    expect(result.walk_forward.efficiency).toBeNull();
  });
});
