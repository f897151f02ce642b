import { PipscopeError } from "../errors.ts";
import { seededRandom } from "../random.ts";
import type { Money } from "../units.ts";

/**
 * How a path is drawn from the trades: `bootstrap` draws each trade with replacement (final
 * equity and drawdown both vary: what a similar future might bring); `shuffle` permutes them
 * (final equity is fixed, only the order, and so the drawdown, varies).
 */
export type ResampleMethod = "bootstrap" | "shuffle";

export interface MonteCarloOptions {
  /** Paths drawn, 1 to 100,000. Default 1,000. */
  runs: number;
  /** Seed of the generator: the same seed draws the same paths. Default 1. */
  seed: number;
  method: ResampleMethod;
}

export const DEFAULT_MONTE_CARLO: MonteCarloOptions = { runs: 1000, seed: 1, method: "bootstrap" };
export const MAX_MONTE_CARLO_RUNS = 100_000;
/** Percentiles reported, in %. */
export const MONTE_CARLO_PERCENTILES = [5, 25, 50, 75, 95] as const;

export interface MonteCarloResult extends MonteCarloOptions {
  initialBalance: Money;
  /** Trades per path (as many as the run had). */
  trades: number;
  /** Final equity of every path, ascending. */
  finalEquity: Float64Array;
  /** Largest peak-to-trough fall of every path, in % of the peak (the start counts as one), ascending. */
  maxDrawdownPct: Float64Array;
  /** At MONTE_CARLO_PERCENTILES: final equity and max drawdown %. */
  percentiles: Array<{ percentile: number; finalEquity: Money; maxDrawdownPct: number }>;
}

/**
 * The value at `p` % (0–100) of ascending values, interpolating linearly between neighbours
 * (numpy's default, "type 7"): the median of [1, 2, 3, 4] is 2.5. NaN when empty.
 */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (p / 100) * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (at - below) * (sorted[above] - sorted[below]);
}

/** Share (0–1) of the paths whose max drawdown reached `pct` % or more. */
export function drawdownProbability(result: MonteCarloResult, pct: number): number {
  const dd = result.maxDrawdownPct;
  // First index whose drawdown is ≥ pct (ascending), by binary search.
  let lo = 0;
  let hi = dd.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dd[mid] < pct) lo = mid + 1;
    else hi = mid;
  }
  return dd.length ? (dd.length - lo) / dd.length : 0;
}

function check(pnls: ArrayLike<number>, initialBalance: number, options: MonteCarloOptions): void {
  const bad = (message: string, field: string) => new PipscopeError("MONTE_CARLO_BAD_INPUT", message, { field });
  if (!(Number.isInteger(options.runs) && options.runs >= 1 && options.runs <= MAX_MONTE_CARLO_RUNS))
    throw bad(
      `runs must be a whole number from 1 to ${MAX_MONTE_CARLO_RUNS.toLocaleString("en")}, got ${options.runs}`,
      "runs",
    );
  if (!Number.isInteger(options.seed)) throw bad(`seed must be a whole number, got ${options.seed}`, "seed");
  if (!(initialBalance > 0 && Number.isFinite(initialBalance)))
    throw bad(`the initial balance must be a positive number, got ${initialBalance}`, "initialBalance");
  if (pnls.length === 0) throw bad("there are no trades to resample: run a backtest that trades first", "trades");
  for (let i = 0; i < pnls.length; i++)
    if (!Number.isFinite(pnls[i])) throw bad(`trade ${i + 1} has no finite P&L (${pnls[i]})`, "trades");
}

/**
 * Resamples a run's trade P&Ls (account currency, in order) into `runs` equity paths from
 * `initialBalance` and reports the distributions of final equity and max drawdown. P&Ls are added
 * as they were (no compounding: sizes stay the run's); a path that loses more than its peak has a
 * drawdown of 100 % (ruin). Trades are taken as independent — the usual and optimistic assumption: streaks from regime changes are
 * broken up. One pass per path over a scratch column; nothing else is allocated per path.
 */
export function monteCarlo(
  pnls: ArrayLike<number>,
  initialBalance: Money,
  options: Partial<MonteCarloOptions> = {},
): MonteCarloResult {
  const settings: MonteCarloOptions = { ...DEFAULT_MONTE_CARLO, ...options };
  check(pnls, initialBalance, settings);
  const { runs, seed, method } = settings;
  const n = pnls.length;
  const random = seededRandom(seed);
  const order = Float64Array.from(pnls);
  const finalEquity = new Float64Array(runs);
  const maxDrawdownPct = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    let equity = initialBalance;
    let peak = initialBalance;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      let pnl: number;
      if (method === "bootstrap") pnl = pnls[Math.floor(random() * n)];
      else {
        // Fisher–Yates, one step per trade: position i takes a random one of the rest.
        const j = i + Math.floor(random() * (n - i));
        pnl = order[j];
        order[j] = order[i];
        order[i] = pnl;
      }
      equity += pnl;
      if (equity > peak) peak = equity;
      else if ((peak - equity) / peak > worst) worst = (peak - equity) / peak;
    }
    finalEquity[r] = equity;
    maxDrawdownPct[r] = Math.min(worst, 1) * 100;
  }
  finalEquity.sort();
  maxDrawdownPct.sort();
  return {
    ...settings,
    initialBalance,
    trades: n,
    finalEquity,
    maxDrawdownPct,
    percentiles: MONTE_CARLO_PERCENTILES.map((p) => ({
      percentile: p,
      finalEquity: percentile(finalEquity, p),
      maxDrawdownPct: percentile(maxDrawdownPct, p),
    })),
  };
}
