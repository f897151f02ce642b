import type { ParamAxis, RankedRow } from "../core/engine/sweep/index.ts";

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
