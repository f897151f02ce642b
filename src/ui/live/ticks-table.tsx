import { createMemo, Index, Show } from "solid-js";
import { browserZone } from "../session-clock/index.ts";
import { formatPrice, formatTickTime } from "./format.ts";
import type { LiveSession } from "./live-session.ts";

/**
 * The latest quote of each symbol: bid, ask, spread in pips and broker time, coloured by the last
 * bid move. Redrawn at most once per animation frame, however fast ticks come.
 */
export function TicksTable(props: {
  session: LiveSession;
  selected: string | undefined;
  onSelect(symbol: string): void;
}) {
  const zone = browserZone();
  const quotes = createMemo(() => {
    props.session.version();
    return props.session.book.snapshot();
  });
  const direction = (d: number) => (d > 0 ? "up" : d < 0 ? "down" : "");
  return (
    <section class="card live-ticks live-wide" aria-labelledby="live-ticks-title">
      <div class="card-title">
        <h2 id="live-ticks-title">Ticks</h2>
        <span class="muted small">times in {zone}</span>
      </div>
      <Show when={quotes().length} fallback={<p class="muted">No ticks yet.</p>}>
        <table class="live-table" data-testid="ticks-table">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Bid</th>
              <th scope="col">Ask</th>
              <th scope="col" title="ask − bid in pips">
                Spread
              </th>
              <th scope="col">Time</th>
              <th scope="col">Ticks</th>
            </tr>
          </thead>
          <tbody>
            <Index each={quotes()}>
              {(quote) => (
                <tr
                  data-symbol={quote().symbol}
                  class={direction(quote().direction)}
                  aria-selected={props.selected === quote().symbol}
                  onClick={() => props.onSelect(quote().symbol)}
                >
                  <th scope="row">
                    <button type="button" class="link" onClick={() => props.onSelect(quote().symbol)}>
                      {quote().symbol}
                    </button>
                  </th>
                  <td class="num" data-field="bid">
                    {formatPrice(quote().bid, quote().digits)}
                    <span aria-hidden="true">{quote().direction > 0 ? " ▲" : quote().direction < 0 ? " ▼" : ""}</span>
                  </td>
                  <td class="num" data-field="ask">
                    {formatPrice(quote().ask, quote().digits)}
                  </td>
                  <td class="num" data-field="spread">
                    {quote().spread.toFixed(1)}
                  </td>
                  <td class="num muted">{formatTickTime(quote().timeMsc, zone)}</td>
                  <td class="num muted">{quote().count}</td>
                </tr>
              )}
            </Index>
          </tbody>
        </table>
      </Show>
    </section>
  );
}
