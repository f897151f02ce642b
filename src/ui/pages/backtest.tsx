import { A } from "@solidjs/router";
import { createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { PipscopeError } from "../../core/errors.ts";
import { formatFixed, formatMoney, formatNumber } from "../../core/format.ts";
import { BUILTIN_STRATEGIES } from "../../core/strategy/index.ts";
import { currentRunId, setCurrentRunId } from "../backtest/current-run.ts";
import { DataChoice } from "../backtest/data-choice.tsx";
import { followRun } from "../backtest/follow.ts";
import { createBacktestForm, paramsOf, toSessionConfig } from "../backtest/form.ts";
import { LoadingNotice } from "../backtest/loading-notice.tsx";
import { LogPanel } from "../backtest/log-panel.tsx";
import { ParamFields } from "../backtest/param-fields.tsx";
import { createRunState } from "../backtest/run-state.ts";
import { backtestWorker, INTERRUPTED, settleInterruptedRuns } from "../backtest-worker.ts";
import { NumberField } from "../number-field.tsx";
import { PageHeader } from "../shell.tsx";
import { SweepPanel } from "../sweep/sweep-panel.tsx";

const STREAMS = [
  ["bars_1m", "M1"],
  ["bars_5m", "M5"],
  ["bars_15m", "M15"],
  ["bars_30m", "M30"],
  ["bars_1h", "H1"],
  ["bars_4h", "H4"],
  ["bars_1d", "D1"],
  ["ticks", "Ticks"],
] as const;
const SYMBOLS = ["EURUSD", "GBPUSD", "USDJPY", "XAUUSD", "AUDUSD", "USDCHF", "USDCAD", "NZDUSD", "US500"];

const money = (value: number | undefined) => (value === undefined ? "–" : formatMoney(value));

const formatCount = (value: number | undefined) => (value === undefined ? "–" : formatNumber(value));

export function BacktestPage() {
  const { form, setForm, save } = createBacktestForm();
  const run = createRunState();
  const [runId, setRunId] = createSignal<string | null>(currentRunId());
  const [formError, setFormError] = createSignal<string>();
  let stop: (() => void) | undefined;

  const follow = (id: string) => {
    stop?.();
    run.reset();
    setRunId(id);
    setCurrentRunId(id);
    backtestWorker(); // connected, this tab keeps the shared worker (and so the run) alive
    const following = followRun(id, run.apply);
    stop = following.stop;
    // Replayed but not ended, and no worker runs it: it died with the tab that ran it.
    void following.replayed.then(async () => {
      if (run.ended()) return;
      const record = (await settleInterruptedRuns()).find((r) => r.backtest_id === id);
      if (!record)
        forget(); // deleted from the history meanwhile
      else if (record.error === INTERRUPTED && !run.ended()) run.interrupt(INTERRUPTED);
    });
  };
  const forget = () => {
    stop?.();
    run.reset();
    setRunId(null);
    setCurrentRunId(null);
  };
  // A reload (or a run started in another tab) picks the current run up from its first event.
  onMount(() => {
    const id = runId();
    if (id) follow(id);
  });
  onCleanup(() => stop?.());

  const strategy = () => BUILTIN_STRATEGIES.find((s) => s.id === form.strategy) ?? BUILTIN_STRATEGIES[0];
  const update = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm(key, value);
    save();
  };
  const setParam = (name: string, value: number | boolean | string) => {
    setForm("params", form.strategy, { ...paramsOf(form), [name]: value });
    save();
  };

  const start = async (event: Event) => {
    event.preventDefault();
    setFormError(undefined);
    try {
      const id = await backtestWorker().start(JSON.stringify(toSessionConfig(form)));
      follow(id);
    } catch (error) {
      setFormError(error instanceof PipscopeError ? error.describe() : String(error));
    }
  };
  const running = () => runId() !== null && !run.ended();

  return (
    <>
      <PageHeader title="Backtest" summary="Configure and run a strategy, and watch it unfold." />
      <div class="backtest-layout">
        <form class="card backtest-form" onSubmit={start} aria-label="Backtest settings">
          <fieldset>
            <legend>Strategy</legend>
            <label class="field">
              <span>Strategy</span>
              <select name="strategy" value={form.strategy} onChange={(e) => update("strategy", e.currentTarget.value)}>
                <For each={BUILTIN_STRATEGIES}>{(s) => <option value={s.id}>{s.name}</option>}</For>
                <option value="custom">Custom code…</option>
              </select>
            </label>
            <Show
              when={form.strategy === "custom"}
              fallback={
                <>
                  <p class="muted small">{strategy().description}</p>
                  <ParamFields specs={strategy().params} values={paramsOf(form)} onChange={setParam} />
                </>
              }
            >
              <label class="code-field">
                <span class="muted small">
                  TypeScript or JavaScript;{" "}
                  <code>import {"{ sma, ema, rsi, atr, bollinger, crossovers }"} from "pipscope"</code>. It runs only
                  inside the backtest worker.
                </span>
                <textarea
                  name="code"
                  spellcheck={false}
                  rows={18}
                  value={form.code}
                  onChange={(e) => update("code", e.currentTarget.value)}
                />
              </label>
            </Show>
          </fieldset>
          <fieldset>
            <legend>Market</legend>
            <label class="field">
              <span>Symbol</span>
              <select name="symbol" value={form.symbol} onChange={(e) => update("symbol", e.currentTarget.value)}>
                <For each={SYMBOLS}>{(s) => <option value={s}>{s}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>Timeframe</span>
              <select name="stream" value={form.stream} onChange={(e) => update("stream", e.currentTarget.value)}>
                <For each={STREAMS}>{([value, label]) => <option value={value}>{label}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>From</span>
              <input
                type="date"
                name="start"
                value={form.start}
                onChange={(e) => update("start", e.currentTarget.value)}
              />
            </label>
            <label class="field">
              <span>To</span>
              <input type="date" name="end" value={form.end} onChange={(e) => update("end", e.currentTarget.value)} />
            </label>
            <DataChoice
              symbol={form.symbol}
              stream={form.stream}
              start={form.start}
              end={form.end}
              dataset={form.datasets[form.symbol] ?? ""}
              onChoose={(name) => update("datasets", { ...form.datasets, [form.symbol]: name })}
            />
            <NumberField
              label="Warm-up bars"
              name="warmup"
              min={0}
              value={form.warmup}
              onChange={(v) => update("warmup", v)}
            />
          </fieldset>
          <fieldset>
            <legend>Account and costs</legend>
            <NumberField
              label={<>Balance ({form.currency})</>}
              name="balance"
              min={1}
              value={form.balance}
              onChange={(v) => update("balance", v)}
            />
            <NumberField
              label="Leverage 1:"
              name="leverage"
              min={1}
              value={form.leverage}
              onChange={(v) => update("leverage", v)}
            />
            <NumberField
              label="Lots"
              name="lots"
              min={0.01}
              step={0.01}
              value={form.lots}
              onChange={(v) => update("lots", v)}
            />
            <label class="field">
              <span>Spread</span>
              <select
                name="spread"
                value={form.spread}
                onChange={(e) => update("spread", e.currentTarget.value as "bar" | "fixed")}
              >
                <option value="bar">From the data</option>
                <option value="fixed">Fixed (points)</option>
              </select>
            </label>
            <Show when={form.spread === "fixed"}>
              <NumberField
                label="Spread (points)"
                name="spreadPoints"
                min={0}
                value={form.spreadPoints}
                onChange={(v) => update("spreadPoints", v)}
              />
            </Show>
            <NumberField
              label="Commission / lot / side"
              name="commission"
              min={0}
              step={0.1}
              value={form.commissionPerLot}
              onChange={(v) => update("commissionPerLot", v)}
            />
            <NumberField
              label="Replay speed (0 = fastest)"
              name="speed"
              min={0}
              value={form.speed}
              onChange={(v) => update("speed", v)}
            />
          </fieldset>
          <div class="form-actions">
            <Show
              when={running()}
              fallback={
                <button type="submit" class="primary">
                  Run backtest
                </button>
              }
            >
              <button type="button" onClick={() => backtestWorker().cancel(runId() ?? "")}>
                Cancel
              </button>
            </Show>
          </div>
          <Show when={formError()}>
            <p class="error" role="alert">
              {formError()}
            </p>
          </Show>
        </form>
        <div class="backtest-run">
          <section class="card run-status" aria-label="Run status">
            <Show when={runId()} fallback={<p class="muted">No run yet: choose a strategy and press Run.</p>}>
              <div class="run-head">
                <strong>
                  {run.start()?.symbol} {run.start()?.timeframe}
                </strong>
                <span class={`badge status-${run.status()}`} data-testid="run-status">
                  {run.status()}
                </span>
              </div>
              <div
                class="progress"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(run.progress()?.progress ?? (run.status() === "complete" ? 100 : 0))}
              >
                <div style={{ width: `${run.status() === "complete" ? 100 : (run.progress()?.progress ?? 0)}%` }} />
              </div>
              <Show when={run.status() === "starting"}>
                <LoadingNotice />
              </Show>
              <dl class="run-figures">
                <div>
                  <dt>Simulated date</dt>
                  <dd data-testid="sim-date">{run.progress()?.current_date.slice(0, 16).replace("T", " ") ?? "–"}</dd>
                </div>
                <div>
                  <dt>Bars</dt>
                  <dd>
                    {formatCount(run.progress()?.bars_processed)} / {formatCount(run.progress()?.total_bars)}
                  </dd>
                </div>
                <div>
                  <dt>Trades</dt>
                  <dd data-testid="trades-count">{run.progress()?.trades_count ?? 0}</dd>
                </div>
                <div>
                  <dt>P&L</dt>
                  <dd
                    classList={{
                      up: (run.progress()?.current_pnl ?? 0) > 0,
                      down: (run.progress()?.current_pnl ?? 0) < 0,
                    }}
                  >
                    {money(run.progress()?.current_pnl)}
                  </dd>
                </div>
              </dl>
              <Show when={run.error()}>
                {(error) => (
                  <div class="error" role="alert" data-testid="run-error">
                    <strong>{error().message}</strong>
                    <Show when={error().details}>
                      <pre>{error().details}</pre>
                    </Show>
                  </div>
                )}
              </Show>
              <Show when={run.result()}>
                {(result) => (
                  <p data-testid="run-summary">
                    {formatNumber(result().metrics.trades)} trades, net {money(result().metrics.net_profit)}{" "}
                    {result().account.currency} ({formatFixed(result().metrics.return_pct, 2)}%)
                    {result().end_reason === "ruin" ? ", ended by ruin" : ""}.{" "}
                    <A href={`/results/${runId()}`}>Open the report</A>
                  </p>
                )}
              </Show>
            </Show>
          </section>
          <LogPanel lines={run.lines} version={run.version()} />
        </div>
      </div>
      <SweepPanel form={form} onRun={follow} />
    </>
  );
}
