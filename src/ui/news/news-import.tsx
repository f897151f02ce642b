import { createSignal, For, Show } from "solid-js";
import { browserZone } from "../session-clock/index.ts";
import type { NewsState } from "./news-state.ts";

/** Zones offered for CSV and XML times (ForexFactory exports use the zone set in its settings). */
function zoneChoices(): string[] {
  return [...new Set(["UTC", browserZone(), "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Tokyo"])];
}

/** File picker and drop zone for calendar exports, the zone of their times, and the last import's report. */
export function NewsImportCard(props: { state: NewsState }) {
  const [zone, setZone] = createSignal("UTC");
  const [dragging, setDragging] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const importFiles = async (files: FileList | null | undefined) => {
    if (!files?.length) return;
    setBusy(true);
    try {
      for (const file of files) await props.state.importFile(file, zone());
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      class="card news-import"
      classList={{ dragging: dragging() }}
      aria-labelledby="news-import-title"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        void importFiles(event.dataTransfer?.files);
      }}
    >
      <h2 id="news-import-title">Import a calendar</h2>
      <p class="muted">
        Drop a ForexFactory JSON, CSV (Title, Country, Date, Time, Impact, Forecast, Previous) or XML export here, or
        choose a file. Events are kept in this browser.
      </p>
      <div class="news-import-controls">
        <label>
          Calendar file
          <input
            type="file"
            accept=".json,.csv,.xml,application/json,text/csv,text/xml"
            multiple
            disabled={busy()}
            onChange={(event) => {
              const input = event.currentTarget;
              void importFiles(input.files).then(() => {
                input.value = "";
              });
            }}
          />
        </label>
        <label>
          Times in CSV/XML are in
          <select value={zone()} onChange={(event) => setZone(event.currentTarget.value)}>
            <For each={zoneChoices()}>{(choice) => <option value={choice}>{choice}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={props.state.report()}>
        {(report) => (
          <div class="news-report" role="status">
            <Show
              when={!report().failure}
              fallback={<p class="news-error">Nothing imported: {report().failure?.describe()}</p>}
            >
              <p>
                {report().file}: read {report().read} events, {report().added} new
                {report().rowErrors.length ? `; skipped ${report().rowErrors.length} malformed rows:` : "."}
              </p>
              <Show when={report().rowErrors.length}>
                <ul class="news-row-errors">
                  <For each={report().rowErrors.slice(0, 20)}>{(error) => <li>{error.describe()}</li>}</For>
                </ul>
              </Show>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
