import { A } from "@solidjs/router";
import { Show } from "solid-js";
import type { LiveSession } from "./live-session.ts";

/**
 * The Record switch: live ticks go into the local cache in batches (one Parquet partition per
 * symbol every few seconds), as the `<SYMBOL>/ticks/tick` datasets the Data and Backtest pages use.
 */
export function RecordCard(props: { session: LiveSession }) {
  const status = () => props.session.recording();
  return (
    <section class="card live-record" aria-labelledby="live-record-title">
      <div class="card-title">
        <h2 id="live-record-title">Record</h2>
        <Show when={status().recording}>
          <span class="badge live-recording">recording</span>
        </Show>
      </div>
      <label class="live-switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={status().recording}
          checked={status().recording}
          onChange={(event) => {
            if (event.currentTarget.checked) props.session.startRecording();
            else void props.session.stopRecording();
          }}
        />
        Record ticks into the local cache
      </label>
      <p class="muted small" data-testid="record-status">
        <Show
          when={status().recording || status().saved > 0}
          fallback="Ticks are saved every 5 s; a reload goes on recording where the cache left off."
        >
          {status().saved.toLocaleString()} ticks saved since the page opened
          <Show when={status().pending > 0}>, {status().pending.toLocaleString()} waiting</Show>.{" "}
          <A href="/data">See them on the Data page</A>.
        </Show>
      </p>
      <Show when={status().error}>
        {(error) => (
          <p class="live-notice small" role="alert">
            Could not save: {error()}. Trying again with the next batch.
            <Show when={status().lost > 0}>
              {" "}
              {status().lost.toLocaleString()} newer ticks were not recorded while a million waited.
            </Show>
          </p>
        )}
      </Show>
    </section>
  );
}
