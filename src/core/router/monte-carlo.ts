import type { RunSizing } from "../engine/spec.ts";
import { PipscopeError } from "../errors.ts";
import type { Money } from "../units.ts";

/**
 * How a path is drawn from the trades: `bootstrap` draws each trade with replacement (final
 * equity and drawdown both vary: what a similar future might bring); `shuffle` permutes them
 * (final equity is fixed, only the order, and so the drawdown, varies).
 */
export type ResampleMethod = "bootstrap" | "shuffle";

/**
 * What a path adds up. `money`: each trade's P&L as it was, for fixed sizes (a fixed lot makes the
 * same money whatever the account). `returns`: each trade's P&L over the equity it was sized on,
 * compounded, for sizings that scale with the account (risk %, fraction, the router's governor):
 * a trade drawn late in a path is sized on that path's equity, not on the run's.
 */
export type MonteCarloBasis = "money" | "returns";

export interface MonteCarloOptions {
  /** Paths drawn, 1 to 100,000. Default 1,000. */
  runs: number;
  /** Seed of the generator: the same seed draws the same paths. Default 1. */
  seed: number;
  method: ResampleMethod;
  /** Default `money`. */
  basis: MonteCarloBasis;
}

export const DEFAULT_MONTE_CARLO: MonteCarloOptions = { runs: 1000, seed: 1, method: "bootstrap", basis: "money" };
export const MAX_MONTE_CARLO_RUNS = 100_000;
/** Percentiles reported, in %. */
export const MONTE_CARLO_PERCENTILES = [5, 25, 50, 75, 95] as const;

export interface MonteCarloResult extends MonteCarloOptions {
  initialBalance: Money;
  /** Trades per path (as many as the run had). */
  trades: number;
  /** Final equity of every path, ascending; a ruined path ends at 0. */
  finalEquity: Float64Array;
  /** Largest peak-to-trough fall of every path, in % of the peak (the start counts as one), ascending. */
  maxDrawdownPct: Float64Array;
  /** Share (0–1) of the paths whose equity reached zero: each stops there (probability of ruin). */
  ruinProbability: number;
  /** At MONTE_CARLO_PERCENTILES: final equity and max drawdown %. */
  percentiles: Array<{ percentile: number; finalEquity: Money; maxDrawdownPct: number }>;
}

/** What a run's paths are drawn from: the basis its sizing calls for, one value per trade. */
export interface MonteCarloDraws {
  basis: MonteCarloBasis;
  values: number[];
  /** Why this basis, in words for the output ("fixed lots: each trade's money P&L"). */
  why: string;
}

/**
 * The draws of a run's trades (each with its P&L and the equity it was sized on): money P&L for
 * fixed sizes, else returns on that equity — or money P&L when some trade does not carry it (a
 * result saved before it was recorded, a shared link), saying so.
 */
export function monteCarloDraws(
  trades: readonly { pnl: Money; entryEquity: Money | null }[],
  sizing: RunSizing | null,
): MonteCarloDraws {
  const money = (why: string): MonteCarloDraws => ({ basis: "money", values: trades.map((t) => t.pnl), why });
  if (sizing === null) return money("the result does not say how it sized its entries: each trade's money P&L");
  if (sizing.mode === "fixed") return money("fixed lots: each trade's money P&L");
  const rule = SIZING_NAMES[sizing.mode];
  if (trades.some((t) => !(t.entryEquity !== null && t.entryEquity > 0)))
    return money(`${rule}, but the trades do not say the equity they were sized on: each trade's money P&L`);
  return {
    basis: "returns",
    values: trades.map((t) => t.pnl / (t.entryEquity as number)),
    why: `${rule}: each trade's return on the equity it was sized on, compounded`,
  };
}

const SIZING_NAMES: Record<Exclude<RunSizing["mode"], "fixed">, string> = {
  risk: "risk % sizing",
  fraction: "fraction-of-equity sizing",
  governor: "the router's governor sizing",
};

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

function check(values: ArrayLike<number>, initialBalance: number, options: MonteCarloOptions): void {
  const bad = (message: string, field: string) => new PipscopeError("MONTE_CARLO_BAD_INPUT", message, { field });
  if (!(Number.isInteger(options.runs) && options.runs >= 1 && options.runs <= MAX_MONTE_CARLO_RUNS))
    throw bad(
      `runs must be a whole number from 1 to ${MAX_MONTE_CARLO_RUNS.toLocaleString("en")}, got ${options.runs}`,
      "runs",
    );
  if (!Number.isInteger(options.seed)) throw bad(`seed must be a whole number, got ${options.seed}`, "seed");
  if (!(initialBalance > 0 && Number.isFinite(initialBalance)))
    throw bad(`the initial balance must be a positive number, got ${initialBalance}`, "initialBalance");
  if (values.length === 0) throw bad("there are no trades to resample: run a backtest that trades first", "trades");
  const what = options.basis === "returns" ? "return" : "P&L";
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i])) throw bad(`trade ${i + 1} has no finite ${what} (${values[i]})`, "trades");
}

/**
 * Resamples a run's trades (`values`: money P&Ls, or returns with `basis: "returns"`, in order) into
 * `runs` equity paths from `initialBalance` and reports the distributions of final equity and max
 * drawdown. A path whose equity reaches zero is ruined: it stops there, at 0 with a 100 % drawdown,
 * and counts toward `ruinProbability`. Trades are taken as independent — the usual and optimistic
 * assumption: streaks from regime changes are broken up. One pass per path over a scratch column;
 * nothing else is allocated per path.
 */
export function monteCarlo(
  values: ArrayLike<number>,
  initialBalance: Money,
  options: Partial<MonteCarloOptions> = {},
): MonteCarloResult {
  const settings: MonteCarloOptions = { ...DEFAULT_MONTE_CARLO, ...options };
  check(values, initialBalance, settings);
  const { runs, seed, method, basis } = settings;
  const compound = basis === "returns";
  const n = values.length;
  const drawn = Float64Array.from(values);
  // seededRandom(seed)'s generator (core/random.ts), stepped here: a closure call per draw cost a
  // third of the time. tests/unit/router/monte-carlo.test.ts holds the two to the same draws.
  let state = seed | 0;
  const finalEquity = new Float64Array(runs);
  const maxDrawdownPct = new Float64Array(runs);
  let ruined = 0;
  for (let r = 0; r < runs; r++) {
    let equity = initialBalance;
    let peak = initialBalance;
    // The worst fall so far as a floor under the peak: a multiply per trade, a division only at a new worst.
    let worst = 0;
    let floor = peak;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const uniform = ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
      let value: number;
      if (method === "bootstrap") value = drawn[Math.floor(uniform * n)];
      else {
        // Fisher–Yates, one step per trade: position i takes a random one of the rest.
        const j = i + Math.floor(uniform * (n - i));
        value = drawn[j];
        drawn[j] = drawn[i];
        drawn[i] = value;
      }
      equity = compound ? equity * (1 + value) : equity + value;
      if (equity <= 0) {
        equity = 0;
        worst = 1;
        ruined++;
        break;
      }
      if (equity > peak) {
        peak = equity;
        floor = peak * (1 - worst);
      } else if (equity < floor) {
        worst = (peak - equity) / peak;
        floor = equity;
      }
    }
    finalEquity[r] = equity;
    maxDrawdownPct[r] = worst * 100;
  }
  finalEquity.sort();
  maxDrawdownPct.sort();
  return {
    ...settings,
    initialBalance,
    trades: n,
    finalEquity,
    maxDrawdownPct,
    ruinProbability: ruined / runs,
    percentiles: MONTE_CARLO_PERCENTILES.map((p) => ({
      percentile: p,
      finalEquity: percentile(finalEquity, p),
      maxDrawdownPct: percentile(maxDrawdownPct, p),
    })),
  };
}
