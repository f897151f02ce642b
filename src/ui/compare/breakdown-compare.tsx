import { For } from "solid-js";
import type { CompareOutcome, CompareResult } from "../../core/protocol/compare.ts";

type Row = CompareResult["regime_breakdown"][number];

const money = (value: number) =>
  value.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * One breakdown (by session, by regime) across the variants: a row per key, and per variant the
 * net P&L and trade count of the trades entered there ("–" where it made none).
 */
export function BreakdownCompare(props: {
  title: string;
  outcomes: CompareOutcome[];
  rows: (result: CompareResult) => Row[];
  testId: string;
}) {
  const complete = () => props.outcomes.flatMap((o) => (o.status === "complete" ? [o.result] : []));
  const keys = () => [...new Set(complete().flatMap((r) => props.rows(r).map((row) => row.key)))].sort();
  const cell = (result: CompareResult, key: string) => {
    const row = props.rows(result).find((r) => r.key === key);
    // A no-break space keeps the trade count with its P&L in a narrow column.
    return row ? `${money(row.net_pnl)}\u00a0(${row.trades})` : "–";
  };
  return (
    <section class="card" data-testid={props.testId}>
      <h2>{props.title}</h2>
      <p class="muted small">Net P&L of the trades entered there, and how many.</p>
      <table class="compare-table">
        <thead>
          <tr>
            <th scope="col" />
            <For each={complete()}>{(r) => <th scope="col">{r.variant}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={keys()}>
            {(key) => (
              <tr>
                <th scope="row">{key}</th>
                <For each={complete()}>{(r) => <td>{cell(r, key)}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
