import { For } from "solid-js";
import type { Metrics } from "../../core/engine/metrics.ts";

type Format = "money" | "pct" | "ratio" | "int" | "days" | "pips";
const CARDS: Array<[keyof Metrics, string, Format]> = [
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
];

function format(value: number | null, kind: Format): string {
  if (value === null || value === undefined) return "–";
  switch (kind) {
    case "money":
      return value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case "pct":
      return `${value.toFixed(2)} %`;
    case "int":
      return String(value);
    case "days":
      return `${value.toFixed(1)} d`;
    case "pips":
      return value.toFixed(1);
    default:
      return value.toFixed(2);
  }
}

/** Every metric of the run as a card; undefined ratios show a dash. */
export function MetricCards(props: { metrics: Metrics; currency: string }) {
  return (
    <div class="metric-grid">
      <For each={CARDS}>
        {([key, label, kind]) => {
          const value = () => props.metrics[key] as number | null;
          // A drawdown is a size, not a gain: only P&L amounts are coloured.
          const signed = kind === "money" && key !== "max_drawdown";
          return (
            <div class="metric" data-metric={key}>
              <span class="muted">{label}</span>
              <strong classList={{ up: signed && (value() ?? 0) > 0, down: signed && (value() ?? 0) < 0 }}>
                {format(value(), kind)}
                {kind === "money" && value() !== null ? ` ${props.currency}` : ""}
              </strong>
            </div>
          );
        }}
      </For>
    </div>
  );
}
