import type { BacktestResult } from "../core/engine/backtest.ts";
import { describeData, describeEnd, formatMetric, METRIC_ROWS, type MetricUnit } from "../core/engine/report-format.ts";
import { formatNumber } from "../core/format.ts";
import type { BacktestEvent } from "../core/protocol/backtest.ts";

/** Where text goes: a stream, or a file descriptor written synchronously. */
type TextSink = { write(text: string): unknown };

const COLOURS: Record<string, string> = { DEBUG: "\x1b[2m", INFO: "", WARNING: "\x1b[33m", ERROR: "\x1b[31m" };
const RESET = "\x1b[0m";

/**
 * Prints a run as it goes: every log line with its simulated time (level-coloured on a terminal)
 * and, on a terminal, a progress line on stderr that the next line overwrites.
 */
export function makeRunPrinter(
  stdout: TextSink,
  stderr: TextSink,
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

/**
 * The metrics as an aligned two-column table under a heading that says what ran on which data, and
 * how the run ended when it was not simply the end of the data.
 */
export function metricsTable(result: BacktestResult): string {
  const currency = result.account.currency;
  const label = (name: string, unit: MetricUnit) =>
    `${name}${unit === "money" ? ` (${currency})` : unit === "pct" ? " %" : unit === "days" ? " (days)" : ""}`;
  const width = Math.max(...METRIC_ROWS.map(([, name, unit]) => label(name, unit).length)) + 2;
  const lines = METRIC_ROWS.map(
    ([key, name, unit]) => `${label(name, unit).padEnd(width)}${formatMetric(result.metrics[key], unit).padStart(14)}`,
  );
  const head = `${result.symbol} ${result.timeframe} · ${result.strategy.id} · ${result.variant} · ${new Date(result.start).toISOString().slice(0, 10)} → ${new Date(result.end).toISOString().slice(0, 10)} · ${currency}`;
  const ended = describeEnd(result);
  return [
    head,
    "-".repeat(head.length),
    `Data: ${describeData(result)}`,
    ...(result.data.coverage_gap ? [`Warning: ${result.data.coverage_gap}: the run tested only that.`] : []),
    ...(ended ? [ended] : []),
    "",
    ...lines,
    "",
    runSpeed(result),
  ].join("\n");
}

/** "743,148 bars: load 86 ms, loop 88 ms (8.4M bars/s)": where the run's time went. */
function runSpeed(result: BacktestResult): string {
  const { bars_processed: rows, timings } = result;
  const unit = result.timeframe === "ticks" ? "ticks" : "bars";
  const rate = timings.loop_ms > 0 ? ` (${(((rows / timings.loop_ms) * 1000) / 1e6).toFixed(1)}M ${unit}/s)` : "";
  return `${formatNumber(rows)} ${unit}: load ${timings.load_ms.toFixed(0)} ms, loop ${timings.loop_ms.toFixed(0)} ms${rate}`;
}
