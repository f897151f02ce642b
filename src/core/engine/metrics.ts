import type { UtcMs } from "../units.ts";
import { MS_PER_DAY } from "../units.ts";
import type { Trade } from "./orders.ts";

/** Trading days per year used to annualise daily Sharpe and Sortino (FX trades ~5 days a week). */
export const TRADING_DAYS_PER_YEAR = 252;

/**
 * The metrics of SPEC §5. Money in the account currency, percentages as 0–100. A metric that is
 * undefined for the run (a profit factor without losing trades, a Sharpe of fewer than two days)
 * is null, never Infinity or NaN, so results survive JSON.
 *
 * Every metric is defined on a ruined account too: equity at or below zero is a total loss (a
 * drawdown of 100 %, a CAGR of −100 %), and the daily returns stop on the day the equity reaches
 * it (a return measured on nothing means nothing), so a run that loses everything has a negative
 * Sharpe and Sortino.
 *
 * Conventions, against backtesting.py (`backtesting/_stats.py`), whose numbers traders often hold
 * up beside ours: on its GOOG test data with SmaCross(10, 30) both engines make the same 66 trades,
 * and the figures differ only where the conventions below differ (tests/unit/engine/metrics-reference.test.ts).
 */
export type Metrics = {
  /** Final equity − initial balance. */
  net_profit: number;
  /** Sum of the winning trades' net P&L. */
  gross_profit: number;
  /** Sum of the losing trades' net P&L (≤ 0). */
  gross_loss: number;
  /** net_profit / initial balance × 100 (below −100 when a gap left the equity under zero). */
  return_pct: number;
  /**
   * ((final equity / initial)^(1 / years) − 1) × 100, years = tested span / 365.25 days; −100 when
   * the final equity is at or below zero. (backtesting.py reports no CAGR; its "Return (Ann.)"
   * compounds the geometric mean daily return over 252 days instead.)
   */
  cagr_pct: number | null;
  /** (last close − first open) / first open × 100 over the tested bars. */
  buy_hold_return_pct: number;
  /** Largest peak-to-trough fall of the per-bar equity, in money. */
  max_drawdown: number;
  /** The same as a percentage of the peak, at most 100: equity below zero counts as zero. */
  max_drawdown_pct: number;
  /** Longest time below a previous equity peak, in days. */
  longest_drawdown_days: number;
  /**
   * mean(r) / stdev(r) × √252 over the daily returns r (see `dailyReturns`), sample stdev (n − 1),
   * risk-free rate 0: the arithmetic convention of empyrical and quantstats. backtesting.py divides
   * its compounded annual return ((1 + geometric mean r)^252 − 1) by a compounded annual volatility
   * instead, which reads lower on volatile curves: 0.58 where this gives 0.80 on the GOOG reference.
   */
  sharpe: number | null;
  /**
   * mean(r) / √mean(min(r, 0)²) × √252 (downside deviation over all days, target 0). backtesting.py
   * puts its compounded annual return over the same annualised downside deviation.
   */
  sortino: number | null;
  /** cagr_pct / max_drawdown_pct (backtesting.py: its annualised return over the max drawdown). */
  calmar: number | null;
  /** System Quality Number (Van Tharp): √n × mean(trade P&L) / stdev(trade P&L), as backtesting.py. */
  sqn: number | null;
  /** gross_profit / |gross_loss|, in money (backtesting.py sums the trades' returns in % instead). */
  profit_factor: number | null;
  /** Mean net P&L per trade, in money (backtesting.py: the mean trade return in %). */
  expectancy: number | null;
  /** Mean pips per trade. */
  expectancy_pips: number | null;
  /** Winning trades (net P&L > 0) / trades × 100. */
  win_rate: number | null;
  avg_win: number | null;
  avg_loss: number | null;
  largest_win: number | null;
  largest_loss: number | null;
  max_consecutive_wins: number;
  max_consecutive_losses: number;
  /** Bars with an open position / tested bars × 100. */
  exposure_pct: number;
  trades: number;
  /** Entries the broker refused because the free margin could not carry them. */
  refused_orders: number;
  /** Kelly fraction W − (1 − W) / R, W win rate (0–1), R = avg win / |avg loss| (as backtesting.py). */
  kelly: number | null;
  /** net_profit / max_drawdown. */
  recovery_factor: number | null;
  /** Mean maximum adverse / favourable excursion per trade, in pips. */
  avg_mae_pips: number | null;
  avg_mfe_pips: number | null;
  total_commission: number;
  total_swap: number;
  initial_balance: number;
  final_balance: number;
};

/** What the metrics are computed from: the trades and the per-bar equity of the tested range. */
export interface MetricInputs {
  trades: readonly Trade[];
  initialBalance: number;
  finalBalance: number;
  /** Bar open times and equity at each bar's close, tested range only. */
  time: Float64Array;
  equity: Float64Array;
  /** 1 where a position was open during the bar. */
  exposed: Uint8Array;
  /** Day closes (e.g. the FX rollovers) at which to sample equity for daily returns. */
  dayCloses: Float64Array;
  firstOpen: number;
  lastClose: number;
  start: UtcMs;
  end: UtcMs;
  /** Entries refused for margin (`Broker.refused`). */
  refusedOrders: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}

/**
 * Daily simple returns: the equity at each day close (the last bar before it), r = E_d / E_d−1 − 1
 * with E_0 the initial balance. Only days with bars count — a weekend or a holiday is no day of
 * zero return (√252 annualises trading days), as backtesting.py's `resample('D').last().dropna()`.
 * A return is measured on the equity before its day, so the series stops on the first day whose
 * equity is at or below zero, with that day a −100 % return.
 */
export function dailyReturns(
  time: Float64Array,
  equity: Float64Array,
  dayCloses: Float64Array,
  initial: number,
): number[] {
  const returns: number[] = [];
  let previous = initial;
  let bar = 0;
  let sampled = -1;
  for (let d = 0; d < dayCloses.length && previous > 0; d++) {
    if (dayCloses[d] <= time[0]) continue;
    while (bar + 1 < time.length && time[bar + 1] < dayCloses[d]) bar++;
    if (time[bar] >= dayCloses[d] || bar === sampled) continue;
    sampled = bar;
    const value = Math.max(0, equity[bar]);
    returns.push(value / previous - 1);
    previous = value;
    if (bar + 1 >= time.length) break;
  }
  return returns;
}

/** Max drawdown in money and in % of the peak (equity below zero counts as zero), and the longest. */
function drawdowns(time: Float64Array, equity: Float64Array, initial: number) {
  let peak = initial;
  let peakTime = time[0];
  let maxAbs = 0;
  let maxPct = 0;
  let longest = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (e >= peak) {
      longest = Math.max(longest, time[i] - peakTime);
      peak = e;
      peakTime = time[i];
      continue;
    }
    maxAbs = Math.max(maxAbs, peak - e);
    maxPct = Math.max(maxPct, ((peak - Math.max(e, 0)) / peak) * 100);
  }
  if (equity.length && equity[equity.length - 1] < peak) longest = Math.max(longest, time[time.length - 1] - peakTime);
  return { maxAbs, maxPct, longestDays: longest / MS_PER_DAY };
}

/** Computes every metric; see each field's doc for its formula. */
export function computeMetrics(input: MetricInputs): Metrics {
  const { trades, initialBalance, finalBalance } = input;
  const n = trades.length;
  const pnl = trades.map((t) => t.pnl);
  const wins = pnl.filter((p) => p > 0);
  const losses = pnl.filter((p) => p <= 0);
  const grossProfit = wins.reduce((a, b) => a + b, 0);
  const grossLoss = losses.reduce((a, b) => a + b, 0);
  let streakWins = 0;
  let streakLosses = 0;
  let maxWins = 0;
  let maxLosses = 0;
  for (const p of pnl) {
    if (p > 0) {
      streakWins++;
      streakLosses = 0;
    } else {
      streakLosses++;
      streakWins = 0;
    }
    maxWins = Math.max(maxWins, streakWins);
    maxLosses = Math.max(maxLosses, streakLosses);
  }
  const finalEquity = input.equity.length ? input.equity[input.equity.length - 1] : finalBalance;
  const net = finalEquity - initialBalance;
  const years = (input.end - input.start) / (365.25 * MS_PER_DAY);
  const cagr =
    finalEquity <= 0 ? -100 : years > 0 ? ((finalEquity / initialBalance) ** (1 / years) - 1) * 100 : Number.NaN;
  const dd = drawdowns(input.time, input.equity, initialBalance);
  const daily = dailyReturns(input.time, input.equity, input.dayCloses, initialBalance);
  const { mean: dailyMean, std: dailyStd } = meanStd(daily);
  const downside = Math.sqrt(daily.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / daily.length);
  const annual = Math.sqrt(TRADING_DAYS_PER_YEAR);
  const { mean: pnlMean, std: pnlStd } = meanStd(pnl);
  const winRate = n ? wins.length / n : Number.NaN;
  const avgWin = wins.length ? grossProfit / wins.length : Number.NaN;
  const avgLoss = losses.length ? grossLoss / losses.length : Number.NaN;
  let exposed = 0;
  for (let i = 0; i < input.exposed.length; i++) exposed += input.exposed[i];
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
  return {
    net_profit: net,
    gross_profit: grossProfit,
    gross_loss: grossLoss,
    return_pct: (net / initialBalance) * 100,
    cagr_pct: finite(cagr),
    buy_hold_return_pct: ((input.lastClose - input.firstOpen) / input.firstOpen) * 100,
    max_drawdown: dd.maxAbs,
    max_drawdown_pct: dd.maxPct,
    longest_drawdown_days: dd.longestDays,
    sharpe: daily.length > 1 && dailyStd > 0 ? (dailyMean / dailyStd) * annual : null,
    sortino: daily.length > 1 && downside > 0 ? (dailyMean / downside) * annual : null,
    calmar: dd.maxPct > 0 ? finite(cagr / dd.maxPct) : null,
    sqn: n > 1 && pnlStd > 0 ? (Math.sqrt(n) * pnlMean) / pnlStd : null,
    profit_factor: grossLoss < 0 ? grossProfit / -grossLoss : null,
    expectancy: n ? pnlMean : null,
    expectancy_pips: finite(mean(trades.map((t) => t.pips))),
    win_rate: finite(winRate * 100),
    avg_win: finite(avgWin),
    avg_loss: finite(avgLoss),
    largest_win: wins.length ? Math.max(...wins) : null,
    largest_loss: losses.length ? Math.min(...losses) : null,
    max_consecutive_wins: maxWins,
    max_consecutive_losses: maxLosses,
    exposure_pct: input.exposed.length ? (exposed / input.exposed.length) * 100 : 0,
    trades: n,
    refused_orders: input.refusedOrders,
    kelly: n && avgLoss < 0 && wins.length ? finite(winRate - (1 - winRate) / (avgWin / -avgLoss)) : null,
    recovery_factor: dd.maxAbs > 0 ? net / dd.maxAbs : null,
    avg_mae_pips: finite(mean(trades.map((t) => t.mae))),
    avg_mfe_pips: finite(mean(trades.map((t) => t.mfe))),
    total_commission: trades.reduce((a, t) => a + t.commission, 0),
    total_swap: trades.reduce((a, t) => a + t.swap, 0),
    initial_balance: initialBalance,
    final_balance: finalBalance,
  };
}
