import { proxy } from "comlink";
import { createSignal, For, Show } from "solid-js";
import { FORMATS, type FormatId } from "../../core/data/formats/layout.ts";
import { TIMEFRAMES, type Timeframe } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import type { ImportOptions, ImportProgress, ImportResult } from "../../store/market-store.ts";
import { dataWorker } from "../data-worker.ts";
import { type DataState, writeLockWait } from "./data-state.ts";
import { formatBytes, formatCount } from "./format.ts";

/** Timezones offered first; any IANA zone or offset can be typed. */
const ZONES = ["mt5-server", "UTC", "+02:00", "+03:00", "-05:00", "Europe/London", "America/New_York", "EET"];
const FORMAT_LABELS: Record<FormatId, string> = {
  "mt5-bars": "MT5 Bars export",
  "mt5-ticks": "MT5 Ticks export",
  "histdata-m1": "HistData ASCII M1",
  "histdata-ticks": "HistData ASCII ticks",
  "dukascopy-bars": "Dukascopy bars CSV",
  "dukascopy-ticks": "Dukascopy ticks CSV",
  csv: "CSV/TSV with named columns",
  parquet: "Parquet with named columns",
};
/** Progress updates from the worker are shown at most this often. */
const PROGRESS_EVERY_MS = 100;

type Outcome = { kind: "done"; result: ImportResult } | { kind: "error"; error: PipscopeError | Error };

/**
 * Import by file picker or drag-and-drop (SPEC §9): the format is detected (or chosen), the
 * timezone and symbol stated, progress shown with a Cancel button, and a file imported before
 * offers Replace or Skip.
 */
export function ImportPanel(props: { state: DataState }) {
  const [file, setFile] = createSignal<File>();
  const [format, setFormat] = createSignal<FormatId | "">("");
  const [zone, setZone] = createSignal("");
  const [symbol, setSymbol] = createSignal("");
  const [timeframe, setTimeframe] = createSignal<Timeframe | "">("");
  const [into, setInto] = createSignal("");
  const [progress, setProgress] = createSignal<ImportProgress>();
  const [running, setRunning] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome>();
  const [dragging, setDragging] = createSignal(false);
  let input!: HTMLInputElement;

  const choose = (picked: File | undefined) => {
    setFile(picked);
    setOutcome(undefined);
    setProgress(undefined);
  };

  const run = async (onDuplicate: ImportOptions["onDuplicate"] = "error") => {
    const picked = file();
    if (!picked) return;
    setRunning(true);
    setOutcome(undefined);
    let shown = 0;
    const options: ImportOptions = {
      format: format() || undefined,
      tz: zone().trim() || undefined,
      symbol: symbol().trim().toUpperCase() || undefined,
      timeframe: timeframe() || undefined,
      dataset: into() || undefined,
      onDuplicate,
    };
    try {
      const result = await dataWorker().importFile(
        picked,
        picked.name,
        options,
        proxy((p: ImportProgress) => {
          const now = performance.now();
          if (now - shown >= PROGRESS_EVERY_MS || p.phase === "saving") {
            shown = now;
            setProgress(p);
          }
        }),
      );
      setOutcome({ kind: "done", result });
      props.state.refresh();
      props.state.select(result.dataset.id);
    } catch (error) {
      setOutcome({ kind: "error", error: error instanceof Error ? error : new Error(String(error)) });
    } finally {
      setRunning(false);
    }
  };

  /** The names of the cached datasets, to add a file to one of them. */
  const existingNames = () => [...new Set((props.state.datasets() ?? []).map((d) => d.name))].sort();
  const describe = (error: Error) => (error instanceof PipscopeError ? error.describe() : error.message);
  const duplicate = () => {
    const o = outcome();
    return o?.kind === "error" && o.error instanceof PipscopeError && o.error.code === "DATA_ALREADY_IMPORTED";
  };

  return (
    <section class="card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <section
        class="drop-zone"
        aria-label="Drop a file to import"
        classList={{ dragging: dragging() }}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer?.files[0]);
        }}
      >
        <p>
          Drop an MT5, HistData, Dukascopy, CSV or Parquet file here, or{" "}
          <button type="button" class="link" onClick={() => input.click()}>
            choose a file
          </button>
          .
        </p>
        <input
          ref={input}
          type="file"
          class="visually-hidden"
          aria-label="File to import"
          accept=".csv,.txt,.tsv,.prn,.parquet"
          onChange={(e) => choose(e.currentTarget.files?.[0])}
        />
        <Show when={file()}>
          {(f) => (
            <p class="picked" data-file={f().name}>
              <strong>{f().name}</strong> <span class="muted">{formatBytes(f().size)}</span>
            </p>
          )}
        </Show>
      </section>
      <form
        class="import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label class="field">
          <span>Format</span>
          <select value={format()} onChange={(e) => setFormat(e.currentTarget.value as FormatId | "")}>
            <option value="">Detect from the first lines</option>
            <For each={FORMATS}>{(f) => <option value={f}>{FORMAT_LABELS[f]}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>Timezone of the file's times</span>
          <input
            list="import-zones"
            value={zone()}
            placeholder="mt5-server, UTC, +02:00…"
            onInput={(e) => setZone(e.currentTarget.value)}
          />
        </label>
        <datalist id="import-zones">
          <For each={ZONES}>{(z) => <option value={z} />}</For>
        </datalist>
        <p class="muted small hint">
          MT5 servers usually run on UTC+2, +3 while New York is on summer time: choose mt5-server. HistData and
          Dukascopy state their own zone; leave it empty for them.
        </p>
        <label class="field">
          <span>Symbol</span>
          <input value={symbol()} placeholder="from the file name" onInput={(e) => setSymbol(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Timeframe</span>
          <select value={timeframe()} onChange={(e) => setTimeframe(e.currentTarget.value as Timeframe | "")}>
            <option value="">From the name or the data</option>
            <For each={TIMEFRAMES}>{(tf) => <option value={tf}>{tf}</option>}</For>
          </select>
        </label>
        <label class="field">
          <span>Dataset</span>
          <select value={into()} onChange={(e) => setInto(e.currentTarget.value)} name="into">
            <option value="">Its own (named after the file)</option>
            <For each={existingNames()}>{(name) => <option value={name}>Add to {name}</option>}</For>
          </select>
        </label>
        <p class="muted small hint">
          A file keeps a dataset of its own, so no source's data is mixed with another's; add it to an existing one only
          when they are the same source (the next month of the same export).
        </p>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={!file() || running()}>
            Import
          </button>
          <Show when={running()}>
            <button type="button" onClick={() => void dataWorker().cancelImport()}>
              Cancel
            </button>
          </Show>
        </div>
      </form>
      <Show when={running()}>
        <div class="import-progress" role="status" aria-label="Import progress">
          <progress max={progress()?.totalBytes ?? 1} value={progress()?.bytesRead ?? 0} />
          <span class="muted small">
            {progress()?.phase === "saving"
              ? "Saving…"
              : progress()
                ? `${formatCount(progress()?.rows ?? 0)} rows, ${formatBytes(progress()?.bytesRead ?? 0)} of ${formatBytes(progress()?.totalBytes ?? 0)}`
                : (writeLockWait(props.state) ?? "Waiting for the data worker…")}
          </span>
        </div>
      </Show>
      <Show when={outcome()}>
        {(o) => (
          <Show
            when={o().kind === "done" && (o() as { result: ImportResult }).result}
            fallback={
              <div class="error" role="alert" data-error-code={(o() as { error: PipscopeError }).error.code}>
                <p>{describe((o() as { error: Error }).error)}</p>
                <Show when={duplicate()}>
                  <div class="form-actions">
                    <button type="button" onClick={() => void run("replace")}>
                      Replace
                    </button>
                    <button type="button" onClick={() => void run("skip")}>
                      Skip
                    </button>
                  </div>
                </Show>
              </div>
            }
          >
            {(result) => (
              <p class="import-result" role="status">
                {result().status === "skipped"
                  ? `Skipped: already in ${result().dataset.id}.`
                  : `Imported ${formatCount(result().rowsStored)} rows into ${result().dataset.id} — ${result().description}, times in ${result().timezone}, quality ${result().report?.score ?? "?"}/100.`}
              </p>
            )}
          </Show>
        )}
      </Show>
    </section>
  );
}
