import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../../src/core/config/index.ts";
import { instrumentFor } from "../../../../src/core/data/instruments.ts";
import { runBacktest } from "../../../../src/core/engine/backtest.ts";
import { sweepMetricsOf } from "../../../../src/core/engine/sweep/objective.ts";
import { compareRuns } from "../../../../src/core/engine/sweep/parity.ts";
import { VectorisedMaCross } from "../../../../src/core/engine/sweep/vectorised.ts";
import { twinKernels } from "../../../../src/core/kernels/index.ts";
import { FX_RUN_CALENDAR, planRun, prepareBacktest } from "../../../../src/core/run/index.ts";
import { createStrategy, type ParamValues } from "../../../../src/core/strategy/index.ts";
import { loadKernels } from "../../kernels/load.ts";
import { recordingHost } from "../fixtures.ts";
import { configText, walkMarket } from "./fixtures.ts";

/** The engine's input for ma_cross over the walk, as a sweep worker prepares it. */
async function prepare(options: Parameters<typeof configText>[1] = {}) {
  const plan = planRun(loadSessionConfig(configText({ id: "ma_cross" }, options), "t.json"), instrumentFor);
  const strategy = createStrategy("ma_cross", {});
  return prepareBacktest(plan, strategy, walkMarket(), FX_RUN_CALENDAR, "t", () => 0);
}

async function engine(input: Awaited<ReturnType<typeof prepare>>, params: ParamValues) {
  const strategy = createStrategy("ma_cross", params);
  return runBacktest({ ...input, strategy: { id: "ma_cross", ...strategy } }, recordingHost());
}

const COMBINATIONS: ParamValues[] = [
  { fast: 3, slow: 12, kind: "SMA", long_only: false },
  { fast: 5, slow: 40, kind: "EMA", long_only: false },
  { fast: 8, slow: 21, kind: "SMA", long_only: true },
  { fast: 2, slow: 5, kind: "EMA", long_only: true },
];

describe("vectorised ma_cross against the engine", () => {
  for (const backend of ["wasm", "twin"] as const) {
    it(`agrees trade for trade and on every sweep metric (${backend} kernels, M5 with swaps and commission)`, async () => {
      const input = await prepare({ days: 15, stream: "bars_5m" });
      const kernels = backend === "wasm" ? await loadKernels("best") : twinKernels();
      const vectorised = new VectorisedMaCross(kernels, input);
      for (const params of COMBINATIONS) {
        const simulated = vectorised.run(createStrategy("ma_cross", params).params);
        if ("engine" in simulated) throw new Error(`not simulated: ${simulated.engine}`);
        const reference = await engine(input, params);
        const parity = compareRuns(
          params,
          { trades: reference.trades, metrics: sweepMetricsOf(reference.metrics) },
          { trades: simulated.trades, metrics: sweepMetricsOf(simulated.metrics) },
        );
        expect(parity.detail).toMatch(/trades and every sweep metric equal$/);
        expect(reference.trades.length).toBeGreaterThan(20);
        expect(reference.metrics.total_swap).not.toBe(0);
      }
    });
  }

  it("sends a combination whose equity nears the margin its entries need to the engine", async () => {
    // 0.1 lot of EURUSD needs ~110 USD of margin at 1:100: a 70 USD account cannot carry an entry,
    // which the engine refuses (and calls ruin), the simulator does not model.
    const input = await prepare({ days: 5, backtest: { initial_balance: 70 } });
    const vectorised = new VectorisedMaCross(await loadKernels("best"), input);
    expect(vectorised.run(createStrategy("ma_cross", { fast: 3, slow: 12 }).params)).toEqual({
      engine: "equity comes near the margin the entries need, which the simulator does not model",
    });
  });
});

describe("the vectorised averages' cache", () => {
  it("gives the same results when only one average fits and the rest share the two spare slots", async () => {
    const input = await prepare({ days: 10 });
    const kernels = await loadKernels("best");
    const sequence: ParamValues[] = [];
    for (const fast of [3, 5])
      for (const slow of [8, 13, 21]) sequence.push({ fast, slow, kind: "SMA", long_only: false });
    sequence.push(sequence[0], sequence[4]);
    const outcomes = (cacheBytes: number) => {
      const vectorised = new VectorisedMaCross(kernels, input, cacheBytes);
      return sequence.map((params) => {
        const run = vectorised.run(createStrategy("ma_cross", params).params);
        return "engine" in run ? run : { trades: run.trades.length, net: run.metrics.net_profit };
      });
    };
    const small = outcomes(8 * (input.bars?.length ?? 0)); // room for one average
    expect(small).toEqual(outcomes(64 * 1024 * 1024));
    expect(small.every((o) => "trades" in o && o.trades > 0)).toBe(true);
  });
});
