import type { BacktestResult } from "../core/engine/backtest.ts";
import { PipscopeError } from "../core/errors.ts";
import {
  DEFAULT_MONTE_CARLO,
  drawdownProbability,
  MAX_MONTE_CARLO_RUNS,
  monteCarlo,
} from "../core/router/monte-carlo.ts";

/** What `pipscope backtest` resamples after a run (issue 8 point 8); `runs` 0 turns it off. */
export interface MonteCarloCliOptions {
  runs: number;
  seed: number;
  /** The drawdown whose probability is printed, in %. */
  drawdownPct: number;
}

export const DEFAULT_MONTE_CARLO_CLI: MonteCarloCliOptions = {
  runs: DEFAULT_MONTE_CARLO.runs,
  seed: DEFAULT_MONTE_CARLO.seed,
  drawdownPct: 20,
};

function whole(text: string | undefined, option: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= min && value <= max))
    throw new PipscopeError("CLI_USAGE", `${option} '${text}' is not a whole number from ${min} to ${max}`);
  return value;
}

/** `--monte-carlo <runs>` (0: off), `--mc-seed <n>`, `--mc-drawdown <pct>`; a bad value names its option. */
export function monteCarloCliOptions(values: {
  "monte-carlo"?: string;
  "mc-seed"?: string;
  "mc-drawdown"?: string;
}): MonteCarloCliOptions {
  const d = DEFAULT_MONTE_CARLO_CLI;
  const drawdown = values["mc-drawdown"] === undefined ? d.drawdownPct : Number(values["mc-drawdown"]);
  if (!(drawdown > 0 && drawdown <= 100))
    throw new PipscopeError(
      "CLI_USAGE",
      `--mc-drawdown '${values["mc-drawdown"]}' is not a percentage above 0 up to 100`,
    );
  return {
    runs: whole(values["monte-carlo"], "--monte-carlo", d.runs, 0, MAX_MONTE_CARLO_RUNS),
    seed: whole(values["mc-seed"], "--mc-seed", d.seed, -(2 ** 31), 2 ** 31 - 1),
    drawdownPct: drawdown,
  };
}

const money = (value: number) => value.toFixed(2);

/**
 * The run's trades resampled (bootstrap, core/router/monte-carlo.ts) as the CLI prints them:
 * percentiles of final equity and max drawdown, and the probability of the chosen drawdown.
 */
export function monteCarloSection(result: BacktestResult, options: MonteCarloCliOptions): string {
  const pnls = result.trades.map((trade) => trade.pnl);
  if (pnls.length === 0) return "Monte Carlo: no trades to resample";
  const mc = monteCarlo(pnls, result.account.initial_balance, { runs: options.runs, seed: options.seed });
  const cell = (text: string) => text.padStart(10);
  const rows = [
    ["percentile", ...mc.percentiles.map((p) => `${p.percentile}%`)],
    ["Final equity", ...mc.percentiles.map((p) => money(p.finalEquity))],
    ["Max drawdown %", ...mc.percentiles.map((p) => p.maxDrawdownPct.toFixed(2))],
  ];
  const probability = drawdownProbability(mc, options.drawdownPct) * 100;
  return [
    `Monte Carlo: ${mc.runs.toLocaleString("en")} bootstrap paths of ${mc.trades} trades, seed ${mc.seed}`,
    ...rows.map(([label, ...cells]) => `${label.padEnd(16)}${cells.map(cell).join("")}`),
    `P(max drawdown ≥ ${options.drawdownPct}%) ${probability.toFixed(1)}%`,
  ].join("\n");
}
