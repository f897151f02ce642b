import type { Writable } from "node:stream";
import type { BacktestResult } from "../core/engine/backtest.ts";
import type { Metrics } from "../core/engine/metrics.ts";
import type { BacktestEvent } from "../core/protocol/backtest.ts";

const COLOURS: Record<string, string> = { DEBUG: "\x1b[2m", INFO: "", WARNING: "\x1b[33m", ERROR: "\x1b[31m" };
const RESET = "\x1b[0m";

/**
 * Prints a run as it goes: every log line with its simulated time (level-coloured on a terminal)
 * and, on a terminal, a progress line on stderr that the next line overwrites.
 */
export function makeRunPrinter(
  stdout: Writable,
  stderr: Writable,
  options: { colour: boolean; progress: boolean; logs: boolean },
) {
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) stderr.write("\r\x1b[K");
    progressShown = false;
  };
  return (events: BacktestEvent[]) => {
    for (const event of events) {
      if (event.type === "log_entry" && options.logs) {
        clearProgress();
        const { sim_time, level, module, message } = event.data;
        const line = `${sim_time.slice(0, 19).replace("T", " ")} ${level.padEnd(7)} ${module.padEnd(8)} ${message}`;
        stdout.write(options.colour && COLOURS[level] ? `${COLOURS[level]}${line}${RESET}\n` : `${line}\n`);
      } else if (event.type === "backtest_progress" && options.progress) {
        const { progress, current_date, trades_count, current_pnl } = event.data;
        stderr.write(
          `\r\x1b[K${progress.toFixed(1).padStart(5)}%  ${current_date.slice(0, 16).replace("T", " ")}  ${trades_count} trades  P&L ${current_pnl.toFixed(2)}`,
        );
        progressShown = true;
      } else if (event.type === "backtest_complete" || event.type === "backtest_error") clearProgress();
    }
  };
}

const ROWS: Array<[keyof Metrics, string]> = [
  ["net_profit", "Net profit"],
  ["return_pct", "Return %"],
  ["cagr_pct", "CAGR %"],
  ["buy_hold_return_pct", "Buy & hold %"],
  ["max_drawdown", "Max drawdown"],
  ["max_drawdown_pct", "Max drawdown %"],
  ["longest_drawdown_days", "Longest drawdown (days)"],
  ["sharpe", "Sharpe"],
  ["sortino", "Sortino"],
  ["calmar", "Calmar"],
  ["sqn", "SQN"],
  ["profit_factor", "Profit factor"],
  ["trades", "Trades"],
  ["win_rate", "Win rate %"],
  ["expectancy", "Expectancy"],
  ["avg_win", "Average win"],
  ["avg_loss", "Average loss"],
  ["largest_win", "Largest win"],
  ["largest_loss", "Largest loss"],
  ["max_consecutive_wins", "Max consecutive wins"],
  ["max_consecutive_losses", "Max consecutive losses"],
  ["exposure_pct", "Exposure %"],
  ["kelly", "Kelly"],
  ["recovery_factor", "Recovery factor"],
  ["avg_mae_pips", "Avg MAE (pips)"],
  ["avg_mfe_pips", "Avg MFE (pips)"],
  ["total_commission", "Commission"],
  ["total_swap", "Swap"],
  ["final_balance", "Final balance"],
];

/** The metrics as an aligned two-column table. */
export function metricsTable(result: BacktestResult): string {
  const width = Math.max(...ROWS.map(([, label]) => label.length)) + 2;
  const lines = ROWS.map(([key, label]) => {
    const value = result.metrics[key];
    const text = value === null ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(2);
    return `${label.padEnd(width)}${text.padStart(14)}`;
  });
  const head = `${result.symbol} ${result.timeframe} · ${result.strategy.id} · ${result.variant} · ${new Date(result.start).toISOString().slice(0, 10)} → ${new Date(result.end).toISOString().slice(0, 10)} · ${result.account.currency}`;
  return [
    head,
    "-".repeat(head.length),
    ...lines,
    "",
    `${result.bars_processed} rows in ${result.timings.loop_ms.toFixed(0)} ms (load ${result.timings.load_ms.toFixed(0)} ms)`,
  ].join("\n");
}
