import { For } from "solid-js";
import type { CompareOutcome } from "../../core/protocol/compare.ts";
import { comparisonRows } from "../../core/run/variant-table.ts";

/** The variants' metrics side by side: the rows the CLI prints (core/engine/variant-table.ts). */
export function ComparisonTable(props: { outcomes: CompareOutcome[] }) {
  return (
    <table class="compare-table" data-testid="compare-metrics">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <For each={props.outcomes}>{(o) => <th scope="col">{o.variant}</th>}</For>
        </tr>
      </thead>
      <tbody>
        <For each={comparisonRows(props.outcomes)}>
          {(row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <For each={row.cells}>{(cell) => <td>{cell}</td>}</For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
