import { createSignal, For, Show } from "solid-js";
import { PipscopeError } from "../../core/errors.ts";
import type { DatasetSummary } from "../../store/market-store.ts";
import { dataWorker } from "../data-worker.ts";
import { type DataState, writeLockWait } from "./data-state.ts";
import { formatBytes, formatCount, formatUtc, scoreClass } from "./format.ts";

/** One dataset's row: its numbers, and Quality, Preview and Delete (with an inline confirmation). */
function DatasetRow(props: { dataset: DatasetSummary; state: DataState }) {
  const [confirming, setConfirming] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const d = () => props.dataset;
  const remove = async () => {
    try {
      await dataWorker().deleteDataset(d().id);
      if (props.state.selected() === d().id) props.state.select(undefined);
      props.state.refresh();
    } catch (e) {
      setError(e instanceof PipscopeError ? e.describe() : String(e));
    }
    setConfirming(false);
  };
  return (
    <tr data-dataset={d().id} aria-selected={props.state.selected() === d().id}>
      <td>{d().symbol}</td>
      <td>{d().kind}</td>
      <td>{d().timeframe}</td>
      <td class="dataset-name">{d().name}</td>
      <td class="mono">
        {formatUtc(d().first)} – {formatUtc(d().last)}
      </td>
      <td class="num">{formatCount(d().rows)}</td>
      <td>
        <span class={scoreClass(d().quality)} data-quality={d().quality}>
          {d().quality}/100
        </span>
      </td>
      <td class="source">
        <Show when={d().synthetic}>
          <span class="badge synthetic">synthetic</span>{" "}
        </Show>
        <span title={d().sources.join(", ")}>{d().sources.join(", ")}</span>
        <span class="muted small"> {formatBytes(d().bytes)}</span>
      </td>
      <td>
        <div class="row-actions">
          <Show
            when={confirming()}
            fallback={
              <>
                <button type="button" onClick={() => props.state.select(d().id)}>
                  Open
                </button>
                <button type="button" onClick={() => setConfirming(true)} aria-label={`Delete ${d().id}`}>
                  Delete
                </button>
              </>
            }
          >
            <span role="alert">Delete {d().id}?</span>
            <button type="button" class="danger" onClick={() => void remove()}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </Show>
        </div>
        <Show when={error()}>
          <p class="error">{error()}</p>
        </Show>
      </td>
    </tr>
  );
}

/**
 * The cached datasets (SPEC §9 Data page), the background sample's progress and storage used.
 * `data-sample-state` on the card says where the first-start sample stands (opening, running,
 * done, failed, idle): at done or idle the datasets are cached and readable.
 */
export function DatasetsTable(props: { state: DataState }) {
  const state = props.state;
  return (
    <section class="card wide" aria-labelledby="datasets-title" data-sample-state={state.sample()?.state ?? "opening"}>
      <div class="card-title">
        <h2 id="datasets-title">Datasets</h2>
        <Show when={state.usage()}>
          {(usage) => (
            <span class="muted small" data-storage>
              Cache {formatBytes((state.datasets() ?? []).reduce((sum, d) => sum + d.bytes, 0))} · browser storage{" "}
              {formatBytes(usage().usedBytes)} used of{" "}
              {usage().quotaBytes === null ? "?" : formatBytes(usage().quotaBytes ?? 0)}
            </span>
          )}
        </Show>
      </div>
      <Show when={state.sample()?.state === "running"}>
        <div class="sample-progress" role="status" aria-label="Creating the synthetic sample">
          <span>
            Creating the synthetic sample
            {state.sample()?.progress?.dataset ? ` — ${state.sample()?.progress?.dataset}` : ""}…
          </span>
          <progress max="1" value={state.sample()?.progress?.fraction ?? 0} />
        </div>
      </Show>
      <Show when={writeLockWait(state)}>
        {(wait) => (
          <p class="muted small" role="status" data-write-lock="waiting">
            {wait()}
          </p>
        )}
      </Show>
      <Show when={state.sample()?.state === "failed"}>
        <p class="error" role="alert">
          The synthetic sample could not be created: {state.sample()?.error}
        </p>
      </Show>
      <Show when={state.datasets.error}>
        <p class="error" role="alert">
          {state.datasets.error instanceof PipscopeError
            ? state.datasets.error.describe()
            : String(state.datasets.error)}
        </p>
      </Show>
      <Show
        when={(state.datasets() ?? []).length > 0}
        fallback={
          <p class="muted">
            {state.datasets.loading
              ? "Loading…"
              : state.sample()?.state === "running"
                ? "The sample's datasets appear here as they are stored."
                : "No data cached yet: import a file below."}
          </p>
        }
      >
        <div class="table-scroll">
          <table class="datasets">
            <thead>
              <tr>
                <th>Symbol</th>
                <th>Kind</th>
                <th>TF</th>
                <th>Dataset</th>
                <th>Range (UTC)</th>
                <th class="num">Rows</th>
                <th>Quality</th>
                <th>Source</th>
                <th />
              </tr>
            </thead>
            <tbody>
              <For each={state.datasets()}>{(dataset) => <DatasetRow dataset={dataset} state={state} />}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
