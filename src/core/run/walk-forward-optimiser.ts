import type { BacktestInput, EngineHost } from "../engine/backtest.ts";
import { SweepEvaluator } from "../engine/sweep/evaluator.ts";
import { type Objective, rankRows, type SweepMethod, type SweepRow, vectorisation } from "../engine/sweep/index.ts";
import { sweepMetricsOf } from "../engine/sweep/objective.ts";
import type { Kernels } from "../kernels/index.ts";
import { createStrategy } from "../strategy/index.ts";
import type { ParamValues } from "../strategy/params.ts";
import type { OptimisedWindow, Optimiser, RunVariant } from "./walk-forward.ts";

/** In-sample runs publish nothing: only their metrics are kept. */
const SILENT: Omit<EngineHost, "wallNow"> = {
  emit: () => {},
  trade: () => {},
  yield: async () => {},
  sleep: async () => {},
  cancelled: () => false,
};

/** Combinations the parity probe may try (as the sweep pool does). */
const PROBE_CANDIDATES = 16;

export interface SweepOptimiserSettings {
  /** The combinations to try (a sweep plan's, constraints applied), each every parameter. */
  combinations: readonly ParamValues[];
  /** Kept when no combination has a defined objective. */
  base: ParamValues;
  objective: Objective;
  /** For the vectorised path: wasm kernels, or `twinKernels()`. */
  kernels: Kernels;
  /** Wall-clock ms (timings only). */
  now: () => number;
  /**
   * Runs a combination for the spiced variants (through the router). Absent: the sweep engine's
   * evaluator, vectorised where `vectorisation` allows and the engine agrees on a probe.
   */
  run?: RunVariant;
  /** After each combination: lets the host stay responsive (a worker's messages, a cancel). */
  yield?: () => Promise<void>;
}

/**
 * An Optimiser on the sweep engine of issue 7: every combination runs on the in-sample rows it is
 * given, and the best by the objective (rankRows; ties go to the earlier combination) is chosen.
 * When no combination has a defined objective (e.g. none traded), the base parameters are kept
 * and the objective is null.
 */
export function sweepOptimiser(settings: SweepOptimiserSettings): Optimiser {
  const { combinations, objective, kernels, now } = settings;
  const viaRunner = async (input: BacktestInput): Promise<SweepRow[]> => {
    const run = settings.run as RunVariant;
    const rows: SweepRow[] = [];
    for (const [index, params] of combinations.entries()) {
      const started = now();
      const row = (fields: Pick<SweepRow, "metrics" | "error">): SweepRow => ({
        index,
        params,
        method: "engine",
        ...fields,
        ms: Math.max(0, now() - started),
      });
      try {
        const strategy = createStrategy(input.strategy.id, params);
        const result = await run(
          { ...input, backtestId: `${input.backtestId}-${index}`, strategy: { id: input.strategy.id, ...strategy } },
          { ...SILENT, wallNow: now },
        );
        rows.push(row({ metrics: sweepMetricsOf(result.metrics) }));
      } catch (error) {
        rows.push(row({ metrics: null, error: error instanceof Error ? error.message : String(error) }));
      }
      await settings.yield?.();
    }
    return rows;
  };
  const viaEvaluator = async (input: BacktestInput): Promise<SweepRow[]> => {
    const evaluator = new SweepEvaluator(input, kernels, now);
    let method: SweepMethod = vectorisation({ ...input, strategy: { id: input.strategy.id } }).ok
      ? "vectorised"
      : "engine";
    if (method === "vectorised") {
      const parity = await evaluator.probe(combinations.slice(0, PROBE_CANDIDATES));
      if (parity && !parity.agree) method = "engine";
    }
    const rows: SweepRow[] = [];
    for (const [index, params] of combinations.entries()) {
      rows.push(await evaluator.evaluate(index, params, method));
      await settings.yield?.();
    }
    return rows;
  };
  return {
    objective: objective.label,
    async optimise(input): Promise<OptimisedWindow> {
      const rows = settings.run ? await viaRunner(input) : await viaEvaluator(input);
      const [best] = rankRows(rows, objective, 1);
      if (!best) return { params: settings.base, objective: null, metrics: null, evaluated: rows.length };
      return { params: best.row.params, objective: best.value, metrics: best.row.metrics, evaluated: rows.length };
    },
  };
}
