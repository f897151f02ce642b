import { formatFixed, formatIsoUtc, formatMoney, formatNumber } from "../format.ts";
import type { BacktestResult } from "./backtest.ts";
import type { Metrics } from "./metrics.ts";

/** How a metric reads: money in cents, a percentage, a ratio, a count, days or pips. */
export type MetricUnit = "money" | "pct" | "ratio" | "int" | "days" | "pips";

/** Every metric a report shows, in its order, with its label and unit: the CLI, the app and the HTML report read this one list. */
export const METRIC_ROWS: ReadonlyArray<readonly [keyof Metrics, string, MetricUnit]> = [
  ["net_profit", "Net profit", "money"],
  ["return_pct", "Return", "pct"],
  ["cagr_pct", "CAGR", "pct"],
  ["buy_hold_return_pct", "Buy & hold", "pct"],
  ["max_drawdown_pct", "Max drawdown", "pct"],
  ["max_drawdown", "Max drawdown (money)", "money"],
  ["longest_drawdown_days", "Longest drawdown", "days"],
  ["sharpe", "Sharpe", "ratio"],
  ["sortino", "Sortino", "ratio"],
  ["calmar", "Calmar", "ratio"],
  ["sqn", "SQN", "ratio"],
  ["profit_factor", "Profit factor", "ratio"],
  ["trades", "Trades", "int"],
  ["refused_orders", "Entries refused (margin)", "int"],
  ["win_rate", "Win rate", "pct"],
  ["expectancy", "Expectancy", "money"],
  ["expectancy_pips", "Expectancy (pips)", "pips"],
  ["avg_win", "Average win", "money"],
  ["avg_loss", "Average loss", "money"],
  ["largest_win", "Largest win", "money"],
  ["largest_loss", "Largest loss", "money"],
  ["max_consecutive_wins", "Max wins in a row", "int"],
  ["max_consecutive_losses", "Max losses in a row", "int"],
  ["exposure_pct", "Exposure", "pct"],
  ["kelly", "Kelly", "ratio"],
  ["recovery_factor", "Recovery factor", "ratio"],
  ["avg_mae_pips", "Avg MAE (pips)", "pips"],
  ["avg_mfe_pips", "Avg MFE (pips)", "pips"],
  ["total_commission", "Commission", "money"],
  ["total_swap", "Swap", "money"],
  ["final_balance", "Final balance", "money"],
];

/** A metric's value as it reads in its unit (`"–"` when undefined), without the currency or `%` sign. */
export function formatMetric(value: number | null | undefined, unit: MetricUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "money":
      return formatMoney(value);
    case "int":
      return formatNumber(value);
    case "days":
    case "pips":
      return formatFixed(value, 1);
    default:
      return formatFixed(value, 2);
  }
}

/** The unit's suffix after a value: ` USD`, `%`, ` d`, or nothing. */
export function metricSuffix(unit: MetricUnit, currency: string): string {
  return unit === "money" ? ` ${currency}` : unit === "pct" ? "%" : unit === "days" ? " d" : "";
}

/**
 * The price digits of a result's symbol: its instrument's, else (a result saved before they were
 * recorded) those its first trades' prices show, at most 5 — a price read back from a float, such
 * as 1.18741999999, must not print its noise.
 */
export function priceDigits(result: Pick<BacktestResult, "instrument" | "trades">): number {
  if (result.instrument) return result.instrument.digits;
  const shown = result.trades.slice(0, 50).map((t) => (String(t.entryPrice).split(".")[1] ?? "").length);
  return Math.min(5, Math.max(2, ...shown));
}

const minuteUtc = (ms: number) => formatIsoUtc(ms).slice(0, 16).replace("T", " ");

/**
 * What data a run ran on, in one line: the dataset (or the symbol and timeframe where the result
 * does not name one), SYNTHETIC when it is, what fed it, the tested rows and range, quality and
 * fingerprint. E.g. "EURUSD/bars/M1/sample · SYNTHETIC (seed 1) · H1 resampled from M1 ·
 * 12,345 rows 2024-11-01 00:00 → 2026-10-30 20:00 UTC · quality 100/100 · fingerprint 1a2b3c4d".
 */
export function describeData(result: Pick<BacktestResult, "data" | "timeframe">): string {
  const d = result.data;
  const parts = [d.dataset ?? `${d.symbol} ${d.timeframe}`];
  const fed = d.sources.join(", ");
  // "synthetic (seed 1)" reads SYNTHETIC (seed 1), not SYNTHETIC (synthetic (seed 1)).
  if (d.synthetic)
    parts.push(/^synthetic\b/i.test(fed) ? fed.replace(/^synthetic/i, "SYNTHETIC") : `SYNTHETIC (${fed})`);
  else if (fed) parts.push(`real data (${fed})`);
  if (d.resampled_from) parts.push(`${result.timeframe} resampled from ${d.resampled_from}`);
  parts.push(`${formatNumber(d.rows)} rows ${minuteUtc(d.from)} → ${minuteUtc(d.to)} UTC`);
  if (d.quality !== null) parts.push(`quality ${d.quality}/100`);
  parts.push(`fingerprint ${d.hash}`);
  return parts.join(" · ");
}

/** How the run ended, when it was not simply the end of the data: a ruin, when and why. */
export function describeEnd(result: Pick<BacktestResult, "end_reason" | "ruin">): string | null {
  if (!result.ruin) return null;
  const when = `${minuteUtc(result.ruin.time)} UTC`;
  return result.end_reason === "ruin"
    ? `Ended by ruin on ${when}: ${result.ruin.reason}.`
    : `Ruined on ${when} (${result.ruin.reason}); the test went on to the end of the data (on_ruin: continue).`;
}
