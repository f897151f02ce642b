import type { BacktestInput, BacktestResult, EngineHost } from "../engine/backtest.ts";
import type { SweepMetrics } from "../engine/sweep/index.ts";
import { createStrategy, type Strategy, type StrategyContext } from "../strategy/index.ts";
import type { ParamValues } from "../strategy/params.ts";
import { MS_PER_DAY } from "../units.ts";
import { inSampleInput } from "./in-sample.ts";
import { type WalkForwardSettings, type WalkForwardWindow, walkForwardWindows } from "./walk-forward-windows.ts";

/** What an optimiser chose on one in-sample window. */
export interface OptimisedWindow {
  /** Every parameter of the strategy (the base ones where nothing beat them). */
  params: ParamValues;
  /** The objective's value of `params` in sample; null when no combination had one (e.g. no trades). */
  objective: number | null;
  /** In-sample metrics of `params`; null when no combination had a defined objective. */
  metrics: SweepMetrics | null;
  /** Combinations run. */
  evaluated: number;
}

/**
 * Picks parameters on one in-sample window. It is handed ONLY the in-sample rows (copies, see
 * in-sample.ts): nothing it can reach holds a later row.
 */
export interface Optimiser {
  /** The objective's label, for the report (e.g. "sharpe"). */
  readonly objective: string;
  optimise(inSample: BacktestInput, window: WalkForwardWindow): Promise<OptimisedWindow>;
}

/** Runs a prepared input: `runBacktest` for the vanilla variants, the router for the spiced ones. */
export type RunVariant = (input: BacktestInput, host: EngineHost) => Promise<BacktestResult>;

/** One window of the report: boundaries, choice, in-sample and out-of-sample figures. */
export interface WalkForwardWindowReport {
  index: number;
  in_sample: { start: number; end: number; rows: number };
  out_of_sample: { start: number; end: number; rows: number };
  params: ParamValues;
  objective: number | null;
  evaluated: number;
  /** In-sample return of `params`, % of the window's start balance. */
  in_sample_return_pct: number | null;
  /** Out-of-sample return, % of the equity at the window's start (the account carries over). */
  out_of_sample_return_pct: number;
}

/** What walk-forward adds to a `*_full` variant's result. */
export interface WalkForwardReport {
  mode: WalkForwardSettings["mode"];
  in_sample_days: number;
  out_of_sample_days: number;
  objective: string;
  windows: WalkForwardWindowReport[];
  /** Mean in-sample return of the chosen parameters, annualised simply: return % × 365.25 / days. */
  in_sample_annual_return_pct: number | null;
  /** Out-of-sample return of the stitched run, annualised the same way over its span. */
  out_of_sample_annual_return_pct: number;
  /**
   * Walk-forward efficiency (Pardo): out-of-sample annualised return / in-sample annualised
   * return. 1 keeps all the in-sample edge, 0.5 half, ≤ 0 none; null when the in-sample return is
   * not positive (there was no edge to keep).
   */
  efficiency: number | null;
}

export type WalkForwardResult = BacktestResult & { walk_forward: WalkForwardReport };

/** Reported as each in-sample window is optimised. */
export interface WalkForwardProgress {
  window: WalkForwardWindow;
  windows: number;
  chosen: OptimisedWindow;
}

/** A strategy's context seen with other parameters: every other member is the run's own. */
function withParams(ctx: StrategyContext, params: ParamValues): StrategyContext {
  return new Proxy(ctx, { get: (target, key) => (key === "params" ? params : Reflect.get(target, key, target)) });
}

/**
 * Trades each out-of-sample window with the parameters chosen for it: one strategy instance per
 * window, all initialised on the run's context (indicators are computed on the whole column and
 * read without look-ahead, as in any run). Positions carry over a window boundary — the account
 * and its trades continue, as a trader switching parameters would. Records the equity at the close
 * of each window's last bar.
 */
class WindowedStrategy implements Strategy {
  private readonly instances: Strategy[] = [];
  private readonly contexts: StrategyContext[] = [];
  private current = 0;
  readonly endEquity: number[];

  constructor(
    private readonly windows: readonly WalkForwardWindow[],
    private readonly chosen: readonly OptimisedWindow[],
    private readonly strategyId: string,
  ) {
    this.endEquity = new Array(windows.length).fill(Number.NaN);
  }

  init(ctx: StrategyContext): void {
    for (const choice of this.chosen) {
      const { instance, params } = createStrategy(this.strategyId, choice.params);
      const view = withParams(ctx, params);
      instance.init?.(view);
      this.instances.push(instance);
      this.contexts.push(view);
    }
  }

  onBar(ctx: StrategyContext): void {
    this.each(ctx, (s, view) => s.onBar?.(view));
  }

  onTick(ctx: StrategyContext): void {
    this.each(ctx, (s, view) => s.onTick?.(view));
  }

  private each(ctx: StrategyContext, call: (strategy: Strategy, view: StrategyContext) => void): void {
    const i = ctx.index;
    while (this.current < this.windows.length - 1 && i >= this.windows[this.current].outOfSample.to) {
      this.current++;
      ctx.log.info(
        `walk-forward window ${this.current + 1}/${this.windows.length}: ${describeParams(this.chosen[this.current].params)}`,
      );
    }
    const k = this.current;
    call(this.instances[k], this.contexts[k]);
    if (i === this.windows[k].outOfSample.to - 1) this.endEquity[k] = ctx.equity;
  }
}

/** "fast=10 slow=40" */
export function describeParams(params: ParamValues): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
}

const annualised = (returnPct: number, start: number, end: number) => (returnPct * 365.25 * MS_PER_DAY) / (end - start);

/** How to walk forward: the windows, who chooses parameters, what runs. */
export interface WalkForwardOptions {
  settings: WalkForwardSettings;
  optimiser: Optimiser;
  /** Runs the stitched out-of-sample run: `runBacktest`, or the router for `spiced_full`. */
  run: RunVariant;
  /** Called as each in-sample window is optimised. */
  onWindow?: (progress: WalkForwardProgress) => void;
}

/**
 * Walk-forward (SPEC §5): cuts the tested rows into windows (walk-forward-windows.ts), has the
 * optimiser choose parameters on each in-sample window — given copies of the in-sample rows only —
 * then runs the out-of-sample windows back to back with their choices as ONE run on one account,
 * from the first out-of-sample row to the end: the stitched out-of-sample equity curve, with exact
 * metrics and the engine's usual events through `host`. Rows before the first out-of-sample row
 * are that run's warm-up. In-sample runs get as many warm-up rows as the input has
 * (`input.startIndex`).
 */
export async function runWalkForward(
  input: BacktestInput,
  options: WalkForwardOptions,
  host: EngineHost,
): Promise<WalkForwardResult> {
  const { settings, optimiser } = options;
  const rows = input.bars ?? input.ticks;
  const windows = walkForwardWindows(rows ? rows.time : new Float64Array(0), input.startIndex, settings);
  const chosen: OptimisedWindow[] = [];
  for (const window of windows) {
    const { from, to, end } = window.inSample;
    const choice = await optimiser.optimise(inSampleInput(input, from, to, end, input.startIndex), window);
    chosen.push(choice);
    options.onWindow?.({ window, windows: windows.length, chosen: choice });
  }
  const windowed = new WindowedStrategy(windows, chosen, input.strategy.id);
  const outOfSample = await options.run(
    { ...input, startIndex: windows[0].outOfSample.from, strategy: { ...input.strategy, instance: windowed } },
    host,
  );
  return {
    ...outOfSample,
    walk_forward: report(input, settings, optimiser.objective, windows, chosen, windowed, outOfSample),
  };
}

function report(
  input: BacktestInput,
  settings: WalkForwardSettings,
  objective: string,
  windows: readonly WalkForwardWindow[],
  chosen: readonly OptimisedWindow[],
  windowed: WindowedStrategy,
  result: BacktestResult,
): WalkForwardReport {
  let startEquity = input.account.initialBalance;
  let inSampleSum = 0;
  let inSampleCount = 0;
  const rows = windows.map((window, k): WalkForwardWindowReport => {
    const end = windowed.endEquity[k];
    const endEquity = Number.isNaN(end) ? result.metrics.final_balance : end;
    const oosReturn = ((endEquity - startEquity) / startEquity) * 100;
    startEquity = endEquity;
    const isReturn = chosen[k].metrics?.return_pct ?? null;
    if (isReturn !== null) {
      inSampleSum += annualised(isReturn, window.inSample.start, window.inSample.end);
      inSampleCount++;
    }
    return {
      index: k,
      in_sample: {
        start: window.inSample.start,
        end: window.inSample.end,
        rows: window.inSample.to - window.inSample.from,
      },
      out_of_sample: {
        start: window.outOfSample.start,
        end: window.outOfSample.end,
        rows: window.outOfSample.to - window.outOfSample.from,
      },
      params: chosen[k].params,
      objective: chosen[k].objective,
      evaluated: chosen[k].evaluated,
      in_sample_return_pct: isReturn,
      out_of_sample_return_pct: oosReturn,
    };
  });
  const oosEnd = windows[windows.length - 1].outOfSample.end;
  const oosAnnual = annualised(result.metrics.return_pct, windows[0].outOfSample.start, oosEnd);
  const isAnnual = inSampleCount > 0 ? inSampleSum / inSampleCount : null;
  return {
    mode: settings.mode,
    in_sample_days: settings.inSampleDays,
    out_of_sample_days: settings.outOfSampleDays,
    objective,
    windows: rows,
    in_sample_annual_return_pct: isAnnual,
    out_of_sample_annual_return_pct: oosAnnual,
    efficiency: isAnnual !== null && isAnnual > 0 ? oosAnnual / isAnnual : null,
  };
}
