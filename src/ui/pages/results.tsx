import { A, useNavigate, useParams } from "@solidjs/router";
import { table as columnTable } from "arquero";
import { createResource, createSignal, For, Show } from "solid-js";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { PipscopeError } from "../../core/errors.ts";
import { parseResultFile } from "../../core/protocol/result-file.ts";
import { deleteRun, listRuns, putRun, type RunRecord, renameRun } from "../../store/runs.ts";
import { BreakdownBars } from "../results/breakdown-bars.tsx";
import { EquityChart } from "../results/equity-chart.tsx";
import { MetricCards } from "../results/metric-cards.tsx";
import { TradesTable } from "../results/trades-table.tsx";
import { PageHeader } from "../shell.tsx";

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

/** Trades as CSV (arquero), one row per trade, times in ISO UTC. */
function tradesCsv(result: BacktestResult): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = result.trades;
  return columnTable({
    id: t.map((x) => x.id),
    side: t.map((x) => x.side),
    lots: t.map((x) => x.lots),
    entry_time: t.map((x) => iso(x.entryTime)),
    entry_price: t.map((x) => x.entryPrice),
    exit_time: t.map((x) => iso(x.exitTime)),
    exit_price: t.map((x) => x.exitPrice),
    pips: t.map((x) => x.pips),
    pnl: t.map((x) => x.pnl),
    commission: t.map((x) => x.commission),
    swap: t.map((x) => x.swap),
    mae_pips: t.map((x) => x.mae),
    mfe_pips: t.map((x) => x.mfe),
    session: t.map((x) => x.session),
    exit_reason: t.map((x) => x.exitReason),
  }).toCSV();
}

function Report(props: { run: RunRecord; result: BacktestResult }) {
  const r = () => props.result;
  const digits = () =>
    Math.max(
      2,
      ...r()
        .trades.slice(0, 50)
        .map((t) => (String(t.entryPrice).split(".")[1] ?? "").length),
    );
  return (
    <div class="report" data-testid="report">
      <div class="report-head">
        <div>
          <h2>{props.run.name}</h2>
          <p class="muted">
            {r().symbol} {r().timeframe} · {r().strategy.id} {JSON.stringify(r().strategy.params)} · {r().variant} ·{" "}
            {new Date(r().start).toISOString().slice(0, 10)} → {new Date(r().end).toISOString().slice(0, 10)} ·{" "}
            {r().bars_processed.toLocaleString()} rows in {r().timings.loop_ms.toFixed(0)} ms
          </p>
        </div>
        <div class="report-actions">
          <button
            type="button"
            onClick={() => download(`${props.run.backtest_id}-trades.csv`, "text/csv", tradesCsv(r()))}
          >
            Export trades CSV
          </button>
          <button
            type="button"
            onClick={() => download(`${props.run.backtest_id}.json`, "application/json", JSON.stringify(r()))}
          >
            Export result JSON
          </button>
        </div>
      </div>
      <MetricCards metrics={r().metrics} currency={r().account.currency} />
      <section class="card" aria-label="Equity and drawdown">
        <h2>Equity and drawdown</h2>
        <EquityChart curve={r().curve} />
      </section>
      <div class="grid three">
        <BreakdownBars title="session" rows={r().breakdowns.session} />
        <BreakdownBars title="weekday (UTC)" rows={r().breakdowns.weekday} />
        <BreakdownBars title="hour (UTC)" rows={r().breakdowns.hour} />
      </div>
      <TradesTable trades={r().trades} digits={digits()} />
    </div>
  );
}

export function ResultsPage() {
  const params = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const [runs, { refetch }] = createResource(listRuns);
  const [openError, setOpenError] = createSignal<string>();
  const selected = () => {
    const all = runs() ?? [];
    return all.find((r) => r.backtest_id === params.id) ?? all.find((r) => r.result);
  };
  const openFile = async (file: File) => {
    setOpenError(undefined);
    try {
      const result = parseResultFile(await file.text(), file.name);
      const id = `file-${result.backtest_id}`;
      await putRun({
        backtest_id: id,
        name: file.name.replace(/\.json$/, ""),
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
      await refetch();
      navigate(`/results/${id}`);
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
            Open a result JSON…
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
        </aside>
        <Show when={selected()?.result && selected()} fallback={<p class="muted">Select a finished run.</p>}>
          {(run) => <Report run={run()} result={run().result as BacktestResult} />}
        </Show>
      </div>
    </>
  );
}
