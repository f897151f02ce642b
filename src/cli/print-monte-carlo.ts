import type { BacktestResult } from "../core/engine/backtest.ts";
import { PipscopeError } from "../core/errors.ts";
import { formatNumber } from "../core/format.ts";
import {
  DEFAULT_MONTE_CARLO,
  drawdownProbability,
  MAX_MONTE_CARLO_RUNS,
  type MonteCarloBasis,
  type MonteCarloResult,
  monteCarlo,
  monteCarloDraws,
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

/** A run's Monte Carlo as the CLI prints it and `--variants` stores it beside each variant's result. */
export interface MonteCarloSummary {
  runs: number;
  seed: number;
  trades: number;
  basis: MonteCarloBasis;
  /** Why that basis, in words. */
  why: string;
  percentiles: MonteCarloResult["percentiles"];
  /** Share (0–1) of paths ruined, and of paths whose drawdown reached `drawdown_pct`. */
  ruin_probability: number;
  drawdown_pct: number;
  drawdown_probability: number;
}

/**
 * The run's trades resampled (bootstrap, core/router/monte-carlo.ts) on the basis its sizing calls
 * for; null when it made no trades.
 */
export function monteCarloSummary(result: BacktestResult, options: MonteCarloCliOptions): MonteCarloSummary | null {
  if (result.trades.length === 0) return null;
  const draws = monteCarloDraws(result.trades, result.sizing);
  const mc = monteCarlo(draws.values, result.account.initial_balance, {
    runs: options.runs,
    seed: options.seed,
    basis: draws.basis,
  });
  return {
    runs: mc.runs,
    seed: mc.seed,
    trades: mc.trades,
    basis: draws.basis,
    why: draws.why,
    percentiles: mc.percentiles,
    ruin_probability: mc.ruinProbability,
    drawdown_pct: options.drawdownPct,
    drawdown_probability: drawdownProbability(mc, options.drawdownPct),
  };
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The summary as the CLI prints it: percentiles of final equity and max drawdown, and the probabilities. */
export function formatMonteCarlo(mc: MonteCarloSummary | null): string {
  if (!mc) return "Monte Carlo: no trades to resample";
  const rows = [
    ["percentile", ...mc.percentiles.map((p) => `${p.percentile}%`)],
    ["Final equity", ...mc.percentiles.map((p) => formatNumber(p.finalEquity, 2))],
    ["Max drawdown %", ...mc.percentiles.map((p) => formatNumber(p.maxDrawdownPct, 2))],
  ];
  // Columns as wide as their widest figure: a ten-million balance stays readable.
  const width = Math.max(...rows.flatMap(([, ...cells]) => cells.map((c) => c.length))) + 2;
  const cell = (text: string) => text.padStart(width);
  return [
    `Monte Carlo: ${mc.runs.toLocaleString("en")} bootstrap paths of ${mc.trades.toLocaleString("en")} trades, seed ${mc.seed}`,
    `  drawn from ${mc.why}`,
    ...rows.map(([label, ...cells]) => `${label.padEnd(16)}${cells.map(cell).join("")}`),
    `P(max drawdown ≥ ${mc.drawdown_pct}%) ${pct(mc.drawdown_probability)}   P(ruin) ${pct(mc.ruin_probability)}`,
  ].join("\n");
}

/** `formatMonteCarlo(monteCarloSummary(…))`: the section `pipscope backtest` prints after a run. */
export function monteCarloSection(result: BacktestResult, options: MonteCarloCliOptions): string {
  return formatMonteCarlo(monteCarloSummary(result, options));
}
