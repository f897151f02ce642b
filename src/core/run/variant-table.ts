import type { Metrics } from "../engine/metrics.ts";
import { formatMetric, METRIC_ROWS, type MetricUnit } from "../engine/report-format.ts";

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

const METRICS: ReadonlyArray<keyof Metrics> = [
  "trades",
  "net_profit",
  "return_pct",
  "cagr_pct",
  "max_drawdown_pct",
  "sharpe",
  "sortino",
  "profit_factor",
  "win_rate",
  "expectancy",
  "exposure_pct",
  "final_balance",
];

const DASH = "–";
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

type Window = { in_sample: { start: number; end: number }; out_of_sample: { start: number; end: number } };

/**
 * The variants side by side, the same rows for the CLI and the Compare page: the tested period
 * (a walk-forward variant tests only its out-of-sample span, so its in-sample span is shown beside
 * it), the headline metrics, and for `*_full` the walk-forward windows and efficiency.
 */
export function comparisonRows(outcomes: readonly ComparableOutcome[]): ComparisonRow[] {
  const results = outcomes.map((o) => (o.status === "complete" ? o.result : undefined));
  const row = (label: string, cell: (r: ComparableResult) => string): ComparisonRow => ({
    label,
    cells: results.map((r) => (r ? cell(r) : DASH)),
  });
  const windows = (r: ComparableResult) => (r.walk_forward?.windows ?? []) as readonly Window[];
  const span = (r: ComparableResult, part: keyof Window) => {
    const w = windows(r);
    return w.length ? `${day(w[0][part].start)} → ${day(w[w.length - 1][part].end - 1)}` : DASH;
  };
  const labelOf = new Map(METRIC_ROWS.map(([key, label, unit]) => [key, { label, unit }]));
  return [
    row("Tested", (r) => `${day(r.start)} → ${day(r.end)}`),
    row("WF in-sample", (r) => span(r, "in_sample")),
    row("WF out-of-sample", (r) => span(r, "out_of_sample")),
    ...METRICS.map((key) => {
      const { label, unit } = labelOf.get(key) as { label: string; unit: MetricUnit };
      return row(`${label}${unit === "pct" ? " %" : ""}`, (r) => formatMetric(r.metrics[key], unit));
    }),
    row("WF windows", (r) => (r.walk_forward ? String(r.walk_forward.windows.length) : DASH)),
    row("WF efficiency", (r) => formatMetric(r.walk_forward?.efficiency, "ratio")),
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
