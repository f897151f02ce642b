import { For } from "solid-js";
import type { Metrics } from "../../core/engine/metrics.ts";
import { formatMetric, METRIC_ROWS, metricSuffix } from "../../core/engine/report-format.ts";

/** Every metric of the run as a card (core/engine/report-format.ts); undefined ratios show a dash. */
export function MetricCards(props: { metrics: Metrics; currency: string }) {
  return (
    <div class="metric-grid">
      <For each={METRIC_ROWS}>
        {([key, label, unit]) => {
          const value = () => props.metrics[key] as number | null;
          // A drawdown is a size, not a gain: only P&L amounts are coloured.
          const signed = unit === "money" && key !== "max_drawdown" && key !== "final_balance";
          return (
            <div class="metric" data-metric={key}>
              <span class="muted">{label}</span>
              <strong classList={{ up: signed && (value() ?? 0) > 0, down: signed && (value() ?? 0) < 0 }}>
                {formatMetric(value(), unit)}
                {value() === null || value() === undefined ? "" : metricSuffix(unit, props.currency)}
              </strong>
            </div>
          );
        }}
      </For>
    </div>
  );
}
