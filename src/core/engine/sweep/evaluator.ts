import type { Kernels } from "../../kernels/index.ts";
import { createStrategy } from "../../strategy/index.ts";
import type { ParamValues } from "../../strategy/params.ts";
import { type BacktestInput, type BacktestResult, type EngineHost, runBacktest } from "../backtest.ts";
import { sweepMetricsOf } from "./objective.ts";
import { compareRuns, type Parity } from "./parity.ts";
import type { SweepMethod, SweepRow } from "./protocol.ts";
import { VectorisedMaCross } from "./vectorised.ts";

/** The engine with nothing listening: a sweep keeps metrics only; a cancel ends the worker. */
const SILENT: Omit<EngineHost, "wallNow"> = {
  emit: () => {},
  trade: () => {},
  yield: async () => {},
  sleep: async () => {},
  cancelled: () => false,
};

/**
 * Runs combinations of one prepared run (BacktestInput, built once per worker): in the engine,
 * or vectorised where the sweep chose the simulator and the combination allows it.
 */
export class SweepEvaluator {
  private vectorised: VectorisedMaCross | undefined;

  constructor(
    private readonly input: BacktestInput,
    private readonly kernels: Kernels,
    private readonly now: () => number,
  ) {}

  /** One combination as a result row; a run that throws becomes a row with its error. */
  async evaluate(index: number, params: ParamValues, method: SweepMethod): Promise<SweepRow> {
    const started = this.now();
    const row = (fields: Pick<SweepRow, "method" | "metrics" | "error">): SweepRow => ({
      index,
      params,
      ...fields,
      ms: Math.max(0, this.now() - started),
    });
    try {
      if (method === "vectorised") {
        const outcome = this.simulate(params);
        if ("metrics" in outcome) return row({ method, metrics: sweepMetricsOf(outcome.metrics) });
      }
      const result = await this.engine(index, params);
      return row({ method: "engine", metrics: sweepMetricsOf(result.metrics) });
    } catch (error) {
      return row({ method, metrics: null, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * Runs the first candidate the simulator can run (some stack positions, see ma-cross-signals.ts)
   * in the engine too and compares them trade for trade; null when none can be simulated.
   */
  async probe(candidates: readonly ParamValues[]): Promise<Parity | null> {
    for (const params of candidates) {
      const simulated = this.simulate(params);
      if ("engine" in simulated) continue;
      const engine = await this.engine(-1, params);
      return compareRuns(
        params,
        { trades: engine.trades, metrics: sweepMetricsOf(engine.metrics) },
        { trades: simulated.trades, metrics: sweepMetricsOf(simulated.metrics) },
      );
    }
    return null;
  }

  private simulate(params: ParamValues) {
    // The strategy checks its own parameters (e.g. ma_cross's fast < slow) exactly as in the engine.
    const checked = createStrategy(this.input.strategy.id, params).params;
    this.vectorised ??= new VectorisedMaCross(this.kernels, this.input);
    return this.vectorised.run(checked);
  }

  private engine(index: number, params: ParamValues): Promise<BacktestResult> {
    const { id } = this.input.strategy;
    const strategy = createStrategy(id, params);
    return runBacktest(
      { ...this.input, backtestId: `sweep-${index}`, strategy: { id, ...strategy } },
      { ...SILENT, wallNow: this.now },
    );
  }
}
