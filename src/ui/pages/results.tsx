import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from "solid-js";
import { PipscopeError } from "../../core/errors.ts";
import { DIRECTORY_CHANNEL } from "../../core/protocol/backtest.ts";
import { parseResultFile, type StoredVariant } from "../../core/protocol/result-file.ts";
import { deleteRun, getResult, keepResult, renameRun } from "../../store/runs.ts";
import { KEPT_RUN_LOGS_RANGE, keptRunLogs, setKeptRunLogs } from "../backtest/log-retention.ts";
import { settleInterruptedRuns } from "../backtest-worker.ts";
import { Report } from "../results/report.tsx";
import { StoredComparison } from "../results/stored-comparison.tsx";
import { PageHeader } from "../shell.tsx";

export function ResultsPage() {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  // The list holds records only; a report reads its one result when it is shown.
  const [runs, { refetch }] = createResource(settleInterruptedRuns);
  // A run started or ended in any tab updates the list (and the report of a run that just completed).
  const directory = new BroadcastChannel(DIRECTORY_CHANNEL);
  directory.onmessage = () => void refetch();
  onCleanup(() => directory.close());
  const [openError, setOpenError] = createSignal<string>();
  const selected = () => {
    const all = runs() ?? [];
    return all.find((r) => r.backtest_id === params.id) ?? all.find((r) => r.status === "complete");
  };
  const completeId = () => (selected()?.status === "complete" ? selected()?.backtest_id : undefined);
  const [result] = createResource(completeId, getResult);
  const [comparison, setComparison] = createSignal<{ name: string; variants: StoredVariant[] }>();
  const openFile = async (file: File) => {
    setOpenError(undefined);
    setComparison(undefined);
    try {
      const opened = parseResultFile(await file.text(), file.name);
      const name = file.name.replace(/\.json$/, "");
      if (opened.kind === "run") {
        const id = `file-${opened.result.backtest_id}`;
        await keepResult(id, name, opened.result);
        await refetch();
        navigate(`/results/${id}`);
        return;
      }
      for (const v of opened.variants)
        if (v.status === "complete")
          await keepResult(`file-${v.result.backtest_id}`, `${name} · ${v.variant}`, v.result);
      await refetch();
      setComparison({ name, variants: opened.variants });
    } catch (error) {
      setOpenError(error instanceof PipscopeError ? error.describe() : String(error));
    }
  };
  return (
    <>
      <PageHeader title="Results" summary="Reports of finished backtests, kept in this browser." />
      <div class="results-layout">
        <aside class="card run-list" aria-label="Run history">
          <h2>Runs</h2>
          <label class="file-button">
            Open a result or comparison JSON…
            <input
              type="file"
              accept="application/json,.json"
              onChange={(e) => e.currentTarget.files?.[0] && openFile(e.currentTarget.files[0])}
            />
          </label>
          <Show when={openError()}>
            <p class="error" role="alert">
              {openError()}
            </p>
          </Show>
          <Show
            when={(runs() ?? []).length > 0}
            fallback={
              <p class="muted">
                No runs yet. <A href="/backtest">Run a backtest</A>.
              </p>
            }
          >
            <ul>
              <For each={runs()}>
                {(run) => (
                  <li classList={{ selected: selected()?.backtest_id === run.backtest_id }}>
                    <A href={`/results/${run.backtest_id}`}>{run.name}</A>
                    <span class={`badge status-${run.status}`}>{run.status}</span>
                    <span class="muted small">
                      {run.symbol} {run.timeframe} · {new Date(run.created_at).toLocaleString()}
                    </span>
                    <span class="row-actions">
                      <button
                        type="button"
                        class="link"
                        onClick={async () => {
                          const name = prompt("Rename run", run.name);
                          if (name) {
                            await renameRun(run.backtest_id, name);
                            await refetch();
                          }
                        }}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        class="link"
                        onClick={async () => {
                          if (confirm(`Delete "${run.name}" and its log?`)) {
                            await deleteRun(run.backtest_id);
                            await refetch();
                          }
                        }}
                      >
                        Delete
                      </button>
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <label class="field small">
            <span>Keep the full logs of the last</span>
            <input
              type="number"
              name="kept-logs"
              min={KEPT_RUN_LOGS_RANGE.min}
              max={KEPT_RUN_LOGS_RANGE.max}
              value={keptRunLogs()}
              onChange={(e) => {
                setKeptRunLogs(e.currentTarget.valueAsNumber);
                e.currentTarget.value = String(keptRunLogs());
              }}
            />
            <span>runs (older runs keep their reports)</span>
          </label>
        </aside>
        <div class="results-main">
          <Show when={comparison()}>{(c) => <StoredComparison name={c().name} variants={c().variants} />}</Show>
          <Switch fallback={<p class="muted">Select a finished run.</p>}>
            <Match when={selected()?.status === "running"}>
              <p class="muted" data-testid="run-still-running">
                {selected()?.name} is still running: its report appears here once its result is stored.{" "}
                <A href="/backtest">Follow it on the Backtest page</A>.
              </p>
            </Match>
            <Match when={selected()?.error}>
              {(error) => (
                <p class="error" role="alert">
                  {selected()?.name} did not finish: {error()}.
                </p>
              )}
            </Match>
            <Match when={completeId() && result.loading}>
              <p class="muted">Opening the report…</p>
            </Match>
            <Match when={completeId() ? result() : undefined}>
              {(stored) => <Report name={selected()?.name ?? ""} result={stored()} config={selected()?.config ?? ""} />}
            </Match>
          </Switch>
        </div>
      </div>
    </>
  );
}
