import { For } from "solid-js";
import type { BreakdownRow } from "../../core/engine/breakdowns.ts";
import { formatMoney } from "../../core/format.ts";

/** Net P&L per group as horizontal bars around zero, with trades and win rate. */
export function BreakdownBars(props: { title: string; rows: BreakdownRow[] }) {
  const scale = () => Math.max(1e-9, ...props.rows.map((r) => Math.abs(r.net_pnl)));
  return (
    <section class="card breakdown" aria-label={`By ${props.title}`}>
      <h2>By {props.title}</h2>
      <table>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr>
                <th scope="row">{row.key}</th>
                <td class="bar-cell">
                  <div
                    class={`bar ${row.net_pnl >= 0 ? "up-bg" : "down-bg"}`}
                    style={{ width: `${(Math.abs(row.net_pnl) / scale()) * 100}%` }}
                  />
                </td>
                <td class="num">{formatMoney(row.net_pnl)}</td>
                <td class="num muted">
                  {row.trades} · {row.win_rate.toFixed(0)}%
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}
