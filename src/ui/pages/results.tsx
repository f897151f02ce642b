import { A, useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { PipscopeError } from "../../core/errors.ts";
import { parseResultFile, type StoredVariant } from "../../core/protocol/result-file.ts";
import { deleteRun, putRun, renameRun } from "../../store/runs.ts";
import { KEPT_RUN_LOGS_RANGE, keptRunLogs, setKeptRunLogs } from "../backtest/log-retention.ts";
import { settleInterruptedRuns } from "../backtest-worker.ts";
import { Report } from "../results/report.tsx";
import { StoredComparison } from "../results/stored-comparison.tsx";
import { PageHeader } from "../shell.tsx";

export function ResultsPage() {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const [runs, { refetch }] = createResource(settleInterruptedRuns);
  const [openError, setOpenError] = createSignal<string>();
  const selected = () => {
    const all = runs() ?? [];
    return all.find((r) => r.backtest_id === params.id) ?? all.find((r) => r.result);
  };
  const [comparison, setComparison] = createSignal<{ name: string; variants: StoredVariant[] }>();
  /** Keeps an opened result in the run history, as if it had run here. */
  const keep = async (id: string, name: string, result: BacktestResult) =>
    putRun({
      backtest_id: id,
      name,
      created_at: Date.now(),
      status: "complete",
      symbol: result.symbol,
      timeframe: result.timeframe,
      strategy: result.strategy.id,
      variant: result.variant,
      config: "",
      result,
      events_stored: 0,
    });
  const openFile = async (file: File) => {
    setOpenError(undefined);
    setComparison(undefined);
    try {
      const opened = parseResultFile(await file.text(), file.name);
      const name = file.name.replace(/\.json$/, "");
      if (opened.kind === "run") {
        const id = `file-${opened.result.backtest_id}`;
        await keep(id, name, opened.result);
        await refetch();
        navigate(`/results/${id}`);
        return;
      }
      for (const v of opened.variants)
        if (v.status === "complete") await keep(`file-${v.result.backtest_id}`, `${name} · ${v.variant}`, v.result);
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
          <Show when={selected()?.result && selected()} fallback={<p class="muted">Select a finished run.</p>}>
            {(run) => <Report name={run().name} result={run().result as BacktestResult} config={run().config} />}
          </Show>
        </div>
      </div>
    </>
  );
}
