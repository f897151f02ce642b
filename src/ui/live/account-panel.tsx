import { For, Show } from "solid-js";
import { formatMoney } from "./format.ts";
import type { LiveSession } from "./live-session.ts";

/**
 * The trading account as the relay reports it (the EA sends snapshots): balance, equity, margin
 * and open positions. Says so when the relay has none, e.g. when it replays synthetic ticks.
 */
export function AccountPanel(props: { session: LiveSession }) {
  const balance = () => props.session.balance();
  const positions = () => props.session.positions()?.positions ?? [];
  const profitClass = (value: number) => (value > 0 ? "num up" : value < 0 ? "num down" : "num");
  return (
    <section class="card live-account" aria-labelledby="live-account-title">
      <div class="card-title">
        <h2 id="live-account-title">Account</h2>
        <Show when={balance()?.currency}>{(currency) => <span class="muted small">{currency()}</span>}</Show>
      </div>
      <Show
        when={balance()}
        fallback={
          <p class="muted">
            No account data. The relay sends it when the MT5 Expert Advisor feeds it (
            <code>--source mt5-socket:8766</code>).
          </p>
        }
      >
        {(account) => (
          <>
            <dl class="live-figures">
              <div>
                <dt>Balance</dt>
                <dd data-field="balance">{formatMoney(account().balance)}</dd>
              </div>
              <div>
                <dt>Equity</dt>
                <dd data-field="equity">{formatMoney(account().equity)}</dd>
              </div>
              <div>
                <dt>Margin</dt>
                <dd>{formatMoney(account().margin)}</dd>
              </div>
              <div>
                <dt>Free margin</dt>
                <dd>{formatMoney(account().free_margin)}</dd>
              </div>
            </dl>
            <Show when={positions().length} fallback={<p class="muted small">No open positions.</p>}>
              <table class="live-table" data-testid="positions">
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Symbol</th>
                    <th scope="col">Side</th>
                    <th scope="col">Lots</th>
                    <th scope="col">Open</th>
                    <th scope="col">S/L</th>
                    <th scope="col">T/P</th>
                    <th scope="col">Profit</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={positions()}>
                    {(position) => (
                      <tr>
                        <td class="num muted">{position.ticket}</td>
                        <td>{position.symbol}</td>
                        <td class={position.side === "buy" ? "up" : "down"}>{position.side}</td>
                        <td class="num">{position.volume}</td>
                        <td class="num">{position.price_open}</td>
                        <td class="num">{position.sl || "—"}</td>
                        <td class="num">{position.tp || "—"}</td>
                        <td class={profitClass(position.profit)}>{formatMoney(position.profit + position.swap)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
