import { createSignal, Match, onCleanup, Show, Switch } from "solid-js";
import type { LiveSession } from "./live-session.ts";
import { SymbolPicker } from "./symbol-picker.tsx";

/** Relay address and token, connect/disconnect, where the link is, and the symbols to watch. */
export function ConnectionCard(props: { session: LiveSession }) {
  const session = () => props.session;
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 500);
  onCleanup(() => clearInterval(timer));
  const active = () => !["idle", "closed", "refused"].includes(session().state().kind);

  return (
    <section class="card live-connection" aria-labelledby="live-connection-title">
      <div class="card-title">
        <h2 id="live-connection-title">Relay</h2>
        <span class="badge live-state" data-state={session().state().kind} role="status">
          <Switch>
            <Match when={session().state().kind === "idle"}>not connected</Match>
            <Match when={session().state().kind === "closed"}>disconnected</Match>
            <Match when={session().state().kind === "connecting"}>connecting…</Match>
            <Match when={session().state().kind === "live"}>live</Match>
            <Match when={session().state().kind === "waiting"}>reconnecting</Match>
            <Match when={session().state().kind === "refused"}>refused</Match>
          </Switch>
        </span>
      </div>
      <form
        class="live-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (active()) session().disconnect();
          else session().connect();
        }}
      >
        <label class="field">
          <span>Relay URL</span>
          <input
            name="relay-url"
            type="url"
            required
            pattern="wss?://.+"
            value={session().settings().url}
            disabled={active()}
            onChange={(event) => session().setUrl(event.currentTarget.value.trim())}
          />
        </label>
        <label class="field">
          <span>Token</span>
          <input
            name="relay-token"
            type="password"
            autocomplete="off"
            placeholder="if the relay has one"
            value={session().token()}
            disabled={active()}
            onChange={(event) => session().setToken(event.currentTarget.value)}
          />
        </label>
        <button type="submit" class={active() ? "" : "primary"}>
          {active() ? "Disconnect" : "Connect"}
        </button>
      </form>
      <p class="muted small live-detail" data-testid="live-detail">
        {(() => {
          const state = session().state();
          if (state.kind === "live") return `Receiving from ${state.source}.`;
          if (state.kind === "waiting") {
            const seconds = Math.max(0, Math.ceil((state.retryAt - now()) / 1000));
            return `${state.reason[0].toUpperCase()}${state.reason.slice(1)}; trying again in ${seconds} s (attempt ${state.attempt}).`;
          }
          if (state.kind === "refused") return `${state.message} (${state.code}). Check the token, then connect again.`;
          if (state.kind === "connecting") return "Connecting…";
          return "Start the relay with `npm run relay`, then connect.";
        })()}
      </p>
      <Show when={session().notice()}>
        {(notice) => (
          <p class="live-notice small" role="status">
            {notice()}
          </p>
        )}
      </Show>
      <SymbolPicker session={session()} />
    </section>
  );
}
