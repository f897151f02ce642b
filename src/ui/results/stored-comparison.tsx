import { For, Show } from "solid-js";
import { formatFixed, formatMoney } from "../../core/format.ts";
import { type CompareResult, compareOutcomeOf } from "../../core/protocol/compare.ts";
import type { StoredVariant } from "../../core/protocol/result-file.ts";
import { ComparisonTable } from "../compare/comparison-table.tsx";
import { OverlayChart } from "../compare/overlay-chart.tsx";
import "../compare/compare.css";

const pct = (share: number) => `${formatFixed(share * 100, 1)}%`;

/**
 * A comparison opened from a `--variants` result file: the variants side by side as the Compare
 * page shows them, their equity curves overlaid, and each one's Monte Carlo as the file stored it.
 */
export function StoredComparison(props: { name: string; variants: StoredVariant[] }) {
  const outcomes = () => props.variants.map(compareOutcomeOf);
  const results = () => outcomes().flatMap((o) => (o.status === "complete" ? [o.result as CompareResult] : []));
  const withMonteCarlo = () => props.variants.filter((v) => v.monte_carlo);
  return (
    <section class="card stored-comparison" aria-label="Comparison" data-testid="stored-comparison">
      <h2>Comparison · {props.name}</h2>
      <ComparisonTable outcomes={outcomes()} />
      <OverlayChart results={results()} />
      <Show when={withMonteCarlo().length > 0}>
        <table class="compare-table" data-testid="stored-monte-carlo">
          <thead>
            <tr>
              <th scope="col">Monte Carlo</th>
              <th scope="col">Drawn from</th>
              <th scope="col">Final equity p5</th>
              <th scope="col">p50</th>
              <th scope="col">p95</th>
              <th scope="col">P(ruin)</th>
            </tr>
          </thead>
          <tbody>
            <For each={withMonteCarlo()}>
              {(v) => {
                const mc = () => v.monte_carlo as NonNullable<StoredVariant["monte_carlo"]>;
                const at = (p: number) => mc().percentiles.find((row) => row.percentile === p)?.finalEquity;
                const money = (value: number | undefined) => (value === undefined ? "–" : formatMoney(value));
                return (
                  <tr>
                    <th scope="row">{v.variant}</th>
                    <td class="small">{mc().why}</td>
                    <td>{money(at(5))}</td>
                    <td>{money(at(50))}</td>
                    <td>{money(at(95))}</td>
                    <td>{pct(mc().ruin_probability)}</td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </Show>
      <p class="muted small">Each variant is also in the run list, with its full report.</p>
    </section>
  );
}
