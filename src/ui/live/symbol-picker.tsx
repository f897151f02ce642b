import { For, Show } from "solid-js";
import { ALL_SYMBOLS } from "../../core/protocol/relay.ts";
import type { LiveSession } from "./live-session.ts";

/** Every symbol the relay serves, or a chosen few (kept for the next visit). */
export function SymbolPicker(props: { session: LiveSession }) {
  const chosen = () => props.session.settings().symbols;
  const all = () => chosen().includes(ALL_SYMBOLS);
  const toggle = (symbol: string, on: boolean) => {
    const current = all() ? props.session.available() : chosen();
    const next = on ? [...new Set([...current, symbol])] : current.filter((s) => s !== symbol);
    props.session.setSymbols(next.length ? next : [ALL_SYMBOLS]);
  };
  return (
    <fieldset class="live-symbols">
      <legend>Symbols</legend>
      <label>
        <input
          type="checkbox"
          checked={all()}
          onChange={(event) =>
            props.session.setSymbols(event.currentTarget.checked ? [ALL_SYMBOLS] : props.session.available())
          }
        />
        All
      </label>
      <For each={props.session.available()}>
        {(symbol) => (
          <label>
            <input
              type="checkbox"
              name="symbol"
              value={symbol}
              checked={all() || chosen().includes(symbol)}
              disabled={all()}
              onChange={(event) => toggle(symbol, event.currentTarget.checked)}
            />
            {symbol}
          </label>
        )}
      </For>
      <Show when={!props.session.available().length}>
        <span class="muted small">The relay lists its symbols once connected.</span>
      </Show>
    </fieldset>
  );
}
