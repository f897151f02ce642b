import type { ParamAxis, RankedRow, SweepOutcome } from "../core/engine/sweep/index.ts";

/** Metrics every best-N table shows after the objective (the objective's own column comes first). */
const COLUMNS = [
  ["net_profit", "Net profit"],
  ["sharpe", "Sharpe"],
  ["profit_factor", "PF"],
  ["max_drawdown", "Max DD"],
  ["trades", "Trades"],
] as const;

const number = (value: number | null | undefined) =>
  value === null || value === undefined || Number.isNaN(value)
    ? "–"
    : Number.isInteger(value)
      ? String(value)
      : value.toFixed(2);

/**
 * The best rows as an aligned table: rank, the varied parameters, the objective's value, then
 * the usual metrics (but the objective's twice). `objective` labels the objective's column.
 */
export function bestTable(ranked: readonly RankedRow[], axes: readonly ParamAxis[], objective: string): string {
  const columns = COLUMNS.filter(([key]) => key !== objective);
  const head = ["#", ...axes.map((a) => a.name), objective, ...columns.map(([, label]) => label)];
  const body = ranked.map(({ rank, value, row }) => [
    String(rank),
    ...axes.map((a) => String(row.params[a.name])),
    number(value),
    ...columns.map(([key]) => number(row.metrics?.[key])),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((line) => line[c].length)));
  const format = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join("  ");
  return [format(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(format)].join("\n");
}

/** One line on how the sweep ran: status, count, time, method and why, kernels, workers, data sharing. */
export function sweepSummary(outcome: SweepOutcome, total: number): string {
  const seconds = (outcome.ms / 1000).toFixed(2);
  const done = outcome.rows.length;
  const status = outcome.status === "complete" ? `${done} combinations` : `cancelled after ${done} of ${total}`;
  const engineRows = outcome.rows.filter((r) => r.method === "engine").length;
  const method =
    outcome.method === "vectorised"
      ? `vectorised (${outcome.backend}${engineRows ? `; ${engineRows} in the engine` : ""})`
      : "engine";
  const lines = [
    `${status} in ${seconds} s on ${outcome.workers} worker${outcome.workers === 1 ? "" : "s"} · ${method} · data ${outcome.sharing}`,
    `method: ${outcome.methodReason}`,
  ];
  if (outcome.parity) lines.push(`parity with the engine: ${outcome.parity.detail}`);
  if (outcome.kernelsFallback) lines.push(`kernels: twins (${outcome.kernelsFallback})`);
  const failed = outcome.rows.filter((r) => r.metrics === null);
  if (failed.length) lines.push(`${failed.length} combination(s) failed, e.g. ${failed[0].error}`);
  return lines.join("\n");
}
