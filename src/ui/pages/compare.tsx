import { createMemo, createResource, For, Show } from "solid-js";
import { enabledBots } from "../../store/bots.ts";
import { createBacktestForm } from "../backtest/form.ts";
import { BreakdownCompare } from "../compare/breakdown-compare.tsx";
import { type CompareForm, createCompareForm, toCompareConfig } from "../compare/compare-form.ts";
import { createCompareRun } from "../compare/compare-run.ts";
import { ComparisonTable } from "../compare/comparison-table.tsx";
import { OverlayChart } from "../compare/overlay-chart.tsx";
import { VariantProgressList } from "../compare/variant-progress.tsx";
import { WalkForwardTable } from "../compare/walk-forward-table.tsx";
import { PageHeader } from "../shell.tsx";
import "../compare/compare.css";
import { NumberField } from "../number-field.tsx";

const OBJECTIVES = ["sharpe", "net_profit", "profit_factor", "max_drawdown", "sortino", "calmar"];

/**
 * The four variants on the same data (SPEC §5): the run configured on the Backtest page, plus
 * walk-forward settings here; live progress for each, then metrics, equity and breakdowns.
 */
export function ComparePage() {
  const { form: backtest } = createBacktestForm();
  const { form, setForm, save } = createCompareForm(backtest);
  const run = createCompareRun();
  // The spiced variants trade the Bots page's enabled bots, as the backtest worker reads them.
  const [team] = createResource(async () => (await enabledBots()).map((bot) => bot.manifest.name));
  const config = createMemo(() => toCompareConfig(backtest, form));
  const update = <K extends keyof CompareForm>(key: K, value: CompareForm[K]) => {
    setForm(key, value);
    save();
  };
  const start = (event: Event) => {
    event.preventDefault();
    void run.start(JSON.stringify(config()));
  };
  const results = () => (run.outcomes() ?? []).flatMap((o) => (o.status === "complete" ? [o.result] : []));
  const notes = () => (run.outcomes() ?? []).flatMap((o) => (o.status === "complete" ? [] : [o]));

  return (
    <>
      <PageHeader
        title="Compare"
        summary="The four variants on the same data, side by side: does the router or walk-forward add edge?"
      />
      <div class="compare-layout">
        <form class="card compare-form" onSubmit={start} aria-label="Comparison settings">
          <fieldset>
            <legend>Run</legend>
            <p class="small" data-testid="compare-run">
              {backtest.strategy} · {backtest.symbol} · {backtest.stream.replace("bars_", "")} · {backtest.start} →{" "}
              {backtest.end}
            </p>
            <p class="muted small">
              From the <a href="#/backtest">Backtest</a> page's settings.
            </p>
            <p class="small" data-testid="compare-team">
              Router team (spiced):{" "}
              {team()?.length
                ? team()?.join(", ")
                : "no bot enabled on the Bots page, so the strategy alone through the router"}
            </p>
          </fieldset>
          <fieldset>
            <legend>Walk-forward (vanilla_full, spiced_full)</legend>
            <label class="field">
              <span>Windows</span>
              <select
                name="mode"
                value={form.mode}
                onChange={(e) => update("mode", e.currentTarget.value as CompareForm["mode"])}
              >
                <option value="rolling">Rolling</option>
                <option value="anchored">Anchored</option>
              </select>
            </label>
            <NumberField
              label="In-sample (days)"
              name="in_sample_days"
              min={1}
              value={form.inSampleDays}
              onChange={(v) => update("inSampleDays", v)}
            />
            <NumberField
              label="Out-of-sample (days)"
              name="out_of_sample_days"
              min={1}
              value={form.outOfSampleDays}
              onChange={(v) => update("outOfSampleDays", v)}
            />
            <label class="field">
              <span>Objective</span>
              <select
                name="objective"
                value={form.objective}
                onChange={(e) => update("objective", e.currentTarget.value)}
              >
                <For each={OBJECTIVES}>{(o) => <option value={o}>{o}</option>}</For>
              </select>
            </label>
            <label class="compare-axes">
              <span class="muted small">
                Parameters to optimise, one per line: <code>fast=5:30:5</code> or <code>kind=SMA,EMA</code>
              </span>
              <textarea
                name="parameters"
                rows={3}
                spellcheck={false}
                value={form.parameters}
                onChange={(e) => update("parameters", e.currentTarget.value)}
              />
            </label>
          </fieldset>
          <details>
            <summary class="small">Session config</summary>
            <pre class="compare-config">{JSON.stringify(config(), null, 2)}</pre>
          </details>
          <div class="compare-actions">
            <button type="submit" disabled={run.running()}>
              Compare variants
            </button>
            <Show when={run.running()}>
              <button type="button" onClick={() => void run.cancel()}>
                Cancel
              </button>
            </Show>
          </div>
          <Show when={run.error()}>
            <p class="error" role="alert" data-testid="compare-error">
              {run.error()}
            </p>
          </Show>
        </form>
        <section class="card">
          <h2>Progress</h2>
          <VariantProgressList progress={run.progress} />
        </section>
      </div>
      <Show when={run.outcomes()}>
        {(outcomes) => (
          <div class="compare-results">
            <section class="card">
              <h2>Metrics</h2>
              <ComparisonTable outcomes={outcomes()} />
              <For each={notes()}>
                {(o) => (
                  <p class="muted small" data-testid={`note-${o.variant}`}>
                    {o.variant}: {o.status} — {o.error.message}
                  </p>
                )}
              </For>
            </section>
            <Show when={results().length > 0}>
              <OverlayChart results={results()} />
              <For each={results().filter((r) => r.walk_forward)}>{(r) => <WalkForwardTable result={r} />}</For>
              <div class="compare-breakdowns">
                <BreakdownCompare
                  title="By session"
                  outcomes={outcomes()}
                  rows={(r) => r.breakdowns.session}
                  testId="compare-sessions"
                />
                <BreakdownCompare
                  title="By regime"
                  outcomes={outcomes()}
                  rows={(r) => r.regime_breakdown}
                  testId="compare-regimes"
                />
              </div>
            </Show>
          </div>
        )}
      </Show>
    </>
  );
}
