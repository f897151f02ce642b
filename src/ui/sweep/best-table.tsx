import { For } from "solid-js";
import type { ParamAxis, RankedRow, SweepRow } from "../../core/engine/sweep/index.ts";

const COLUMNS = [
  ["net_profit", "Net profit"],
  ["sharpe", "Sharpe"],
  ["profit_factor", "PF"],
  ["max_drawdown", "Max DD"],
  ["trades", "Trades"],
] as const;

const format = (value: number | null | undefined) =>
  value === null || value === undefined ? "–" : Number.isInteger(value) ? String(value) : value.toFixed(2);

/** The best combinations by the objective, each with a button that runs it in full. */
export function BestTable(props: {
  ranked: readonly RankedRow[];
  axes: readonly ParamAxis[];
  objective: string;
  onPick: (row: SweepRow) => void;
}) {
  const columns = () => COLUMNS.filter(([key]) => key !== props.objective);
  return (
    <table class="sweep-best" data-testid="sweep-best">
      <thead>
        <tr>
          <th scope="col">#</th>
          <For each={props.axes}>{(axis) => <th scope="col">{axis.name}</th>}</For>
          <th scope="col">{props.objective}</th>
          <For each={columns()}>{([, label]) => <th scope="col">{label}</th>}</For>
          <th scope="col">In full</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.ranked}>
          {({ rank, value, row }) => (
            <tr>
              <td>{rank}</td>
              <For each={props.axes}>{(axis) => <td>{String(row.params[axis.name])}</td>}</For>
              <td>
                <strong>{format(value)}</strong>
              </td>
              <For each={columns()}>{([key]) => <td>{format(row.metrics?.[key])}</td>}</For>
              <td>
                <button type="button" onClick={() => props.onPick(row)} aria-label={`Run combination ${rank} in full`}>
                  Run
                </button>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}
