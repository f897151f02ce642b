import type { Metrics } from "../engine/metrics.ts";

/** What the table reads of a variant's outcome: a full one (variants.ts) or the Compare page's. */
export type ComparableOutcome = { variant: string } & (
  | {
      status: "complete";
      result: {
        start: number;
        end: number;
        metrics: Partial<Record<keyof Metrics, number | null>>;
        walk_forward?: { windows: readonly unknown[]; efficiency: number | null };
      };
    }
  | { status: "unavailable" | "failed"; error: { message: string } }
);
type ComparableResult = Extract<ComparableOutcome, { status: "complete" }>["result"];

/** One line of the comparison: a label and one cell per variant ("–" where undefined). */
export interface ComparisonRow {
  label: string;
  cells: string[];
}

const METRICS: Array<[keyof Metrics, string, number]> = [
  ["trades", "Trades", 0],
  ["net_profit", "Net profit", 2],
  ["return_pct", "Return %", 2],
  ["cagr_pct", "CAGR %", 2],
  ["max_drawdown_pct", "Max drawdown %", 2],
  ["sharpe", "Sharpe", 2],
  ["sortino", "Sortino", 2],
  ["profit_factor", "Profit factor", 2],
  ["win_rate", "Win rate %", 1],
  ["expectancy", "Expectancy", 2],
  ["exposure_pct", "Exposure %", 1],
  ["final_balance", "Final balance", 2],
];

const DASH = "–";
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fixed = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);

/**
 * The variants side by side, the same rows for the CLI and the Compare page: the tested period
 * (walk-forward tests only its out-of-sample span), the headline metrics, and for `*_full` the
 * walk-forward windows and efficiency.
 */
export function comparisonRows(outcomes: readonly ComparableOutcome[]): ComparisonRow[] {
  const results = outcomes.map((o) => (o.status === "complete" ? o.result : undefined));
  const row = (label: string, cell: (r: ComparableResult) => string): ComparisonRow => ({
    label,
    cells: results.map((r) => (r ? cell(r) : DASH)),
  });
  return [
    row("Tested", (r) => `${day(r.start)} → ${day(r.end)}`),
    ...METRICS.map(([key, label, digits]) => row(label, (r) => fixed(r.metrics[key], digits))),
    row("WF windows", (r) => (r.walk_forward ? String(r.walk_forward.windows.length) : DASH)),
    row("WF efficiency", (r) => fixed(r.walk_forward?.efficiency, 2)),
  ];
}

/** The comparison as a plain-text table, with a line under it for each variant that did not run. */
export function formatComparison(outcomes: readonly ComparableOutcome[]): string {
  const rows = comparisonRows(outcomes);
  const labelWidth = Math.max(...rows.map((r) => r.label.length)) + 2;
  const widths = outcomes.map((o, i) => Math.max(o.variant.length, ...rows.map((r) => r.cells[i].length)));
  const line = (label: string, cells: string[]) =>
    `${label.padEnd(labelWidth)}${cells.map((c, i) => c.padStart(widths[i] + 2)).join("")}`.trimEnd();
  const head = line(
    "",
    outcomes.map((o) => o.variant),
  );
  const notes = outcomes.flatMap((o) =>
    o.status === "complete" ? [] : [`${o.variant}: ${o.status} — ${o.error.message}`],
  );
  return [
    head,
    "-".repeat(head.length),
    ...rows.map((r) => line(r.label, r.cells)),
    ...(notes.length ? ["", ...notes] : []),
  ].join("\n");
}
