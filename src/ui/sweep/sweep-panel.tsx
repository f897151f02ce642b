import { createMemo, createSignal, For, onCleanup, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { SessionConfig } from "../../core/config/index.ts";
import {
  OBJECTIVES,
  rankRows,
  type SweepHandle,
  type SweepOutcome,
  type SweepRow,
  sweepSummary,
} from "../../core/engine/sweep/index.ts";
import { PipscopeError } from "../../core/errors.ts";
import { configWithParams, type SweepPlan } from "../../core/run/index.ts";
import { BUILTIN_STRATEGIES, type ParamSpec } from "../../core/strategy/index.ts";
import { type BacktestForm, toSessionConfig } from "../backtest/form.ts";
import { backtestWorker } from "../backtest-worker.ts";
import { BestTable } from "./best-table.tsx";
import { startBrowserSweep } from "./browser-sweep.ts";
import { HeatmapView } from "./heatmap-view.tsx";
import "./sweep.css";

/** Results re-render at most this often while a sweep streams (a large heatmap is many cells). */
const REDRAW_MS = 200;
const BEST_N = 10;

type Status = "idle" | "loading" | "running" | "complete" | "cancelled" | "failed";

/**
 * A starting range for the first two numeric parameters, half to twice the default in about ten
 * steps; the others start fixed (blank).
 */
function startingAxes(specs: readonly ParamSpec[]): Record<string, string> {
  const axes: Record<string, string> = {};
  let ranged = 0;
  for (const spec of specs) {
    axes[spec.name] = "";
    if ((spec.type !== "int" && spec.type !== "float") || ranged >= 2) continue;
    ranged++;
    const from = Math.max(spec.min, Math.round(spec.default / 2));
    const to = Math.min(spec.max, spec.default * 2);
    const step = Math.max(spec.step, Math.round((to - from) / 9 / spec.step) * spec.step);
    axes[spec.name] = `${from}:${to}:${Number(step.toPrecision(6))}`;
  }
  return axes;
}

const describe = (error: unknown) => (error instanceof PipscopeError ? error.describe() : String(error));

/**
 * The Backtest page's Sweep panel: vary the form's strategy parameters over ranges or lists, with
 * constraints and an objective, on a pool of workers; results stream into the best-N table and a
 * heatmap, and any row or cell runs in full in the backtest worker (`onRun` follows it in the
 * page's live log).
 */
export function SweepPanel(props: { form: BacktestForm; onRun: (backtestId: string) => void }) {
  const strategy = () => BUILTIN_STRATEGIES.find((s) => s.id === props.form.strategy);
  const [axes, setAxes] = createStore<Record<string, Record<string, string>>>({});
  const axisText = (spec: ParamSpec) => {
    const id = props.form.strategy;
    if (!axes[id]) setAxes(id, startingAxes(strategy()?.params ?? []));
    return axes[id]?.[spec.name] ?? "";
  };
  const [constraints, setConstraints] = createSignal("");
  const [objective, setObjective] = createSignal<string>("net_profit");
  const [customObjective, setCustomObjective] = createSignal("net_profit / max(max_drawdown, 1)");
  const [search, setSearch] = createSignal<"grid" | "random">("grid");
  const [samples, setSamples] = createSignal(200);
  const [seed, setSeed] = createSignal(1);
  const [workers, setWorkers] = createSignal(navigator.hardwareConcurrency || 2);
  const [status, setStatus] = createSignal<Status>("idle");
  const [error, setError] = createSignal<string>();
  const [progress, setProgress] = createSignal({ done: 0, total: 0, elapsedMs: 0 });
  const [plan, setPlan] = createSignal<SweepPlan>();
  const [outcome, setOutcome] = createSignal<SweepOutcome>();
  const [version, setVersion] = createSignal(0);
  let buffer: SweepRow[] = [];
  let redraw: ReturnType<typeof setTimeout> | undefined;
  let handle: SweepHandle | undefined;
  /** The config the last sweep ran, as its rows re-run in full. */
  let sweptConfig: SessionConfig | undefined;
  onCleanup(() => {
    handle?.cancel();
    clearTimeout(redraw);
  });

  const rows = createMemo(() => {
    version();
    return [...buffer];
  });
  const ranked = createMemo(() => {
    const p = plan();
    return p ? rankRows(rows(), p.objective, BEST_N) : [];
  });
  const running = () => status() === "loading" || status() === "running";

  const start = async () => {
    const definition = strategy();
    if (!definition) return;
    setError(undefined);
    setOutcome(undefined);
    setPlan(undefined);
    buffer = [];
    setVersion((v) => v + 1);
    const configText = JSON.stringify(toSessionConfig(props.form));
    const request = {
      params: definition.params.flatMap((spec) => {
        const text = axisText(spec).trim();
        return text ? [`${spec.name}=${text}`] : [];
      }),
      constraints: constraints()
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
      objective: objective() === "custom" ? customObjective() : objective(),
      search:
        search() === "grid" ? { kind: "grid" as const } : { kind: "random" as const, samples: samples(), seed: seed() },
    };
    try {
      const started = await startBrowserSweep(
        configText,
        request,
        workers(),
        {
          onResult(row, p) {
            buffer.push(row);
            setProgress(p);
            redraw ??= setTimeout(() => {
              redraw = undefined;
              setVersion((v) => v + 1);
            }, REDRAW_MS);
          },
        },
        () => setStatus("loading"),
      );
      handle = started.handle;
      sweptConfig = started.plan.config;
      setPlan(started.plan);
      setProgress({ done: 0, total: started.plan.combinations.combinations.length, elapsedMs: 0 });
      setStatus("running");
      const finished = await started.handle.done;
      buffer = finished.rows;
      setVersion((v) => v + 1);
      setOutcome(finished);
      setStatus(finished.status);
    } catch (failure) {
      setError(describe(failure));
      setStatus("failed");
    } finally {
      handle = undefined;
    }
  };

  const runInFull = async (row: SweepRow) => {
    setError(undefined);
    try {
      if (!sweptConfig) return;
      props.onRun(await backtestWorker().start(JSON.stringify(configWithParams(sweptConfig, row.params))));
      document.querySelector(".backtest-run")?.scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (failure) {
      setError(describe(failure));
    }
  };

  return (
    <section class="card sweep-panel" aria-label="Parameter sweep">
      <h2>Sweep</h2>
      <Show
        when={strategy()}
        fallback={<p class="muted">Sweeps run the built-in strategies; custom code runs one backtest at a time.</p>}
      >
        {(definition) => (
          <>
            <p class="muted small">
              Vary {definition().name}'s parameters over the settings above: a range <code>from:to:step</code>, a list{" "}
              <code>a,b,c</code>, or blank to keep the form's value.
            </p>
            <div class="sweep-fields">
              <For each={definition().params}>
                {(spec) => (
                  <label class="field">
                    <span>{spec.label}</span>
                    <input
                      name={`sweep-${spec.name}`}
                      value={axisText(spec)}
                      placeholder={spec.type === "int" || spec.type === "float" ? "from:to:step" : "a,b,c"}
                      onChange={(e) => setAxes(props.form.strategy, spec.name, e.currentTarget.value)}
                    />
                  </label>
                )}
              </For>
              <label class="field">
                <span>Objective</span>
                <select
                  name="sweep-objective"
                  value={objective()}
                  onChange={(e) => setObjective(e.currentTarget.value)}
                >
                  <For each={OBJECTIVES}>
                    {(name) => <option value={name}>{name === "max_drawdown" ? "max_drawdown (lowest)" : name}</option>}
                  </For>
                  <option value="custom">expression…</option>
                </select>
              </label>
              <Show when={objective() === "custom"}>
                <label class="field">
                  <span>Objective expression (maximised)</span>
                  <input
                    name="sweep-objective-expression"
                    value={customObjective()}
                    onChange={(e) => setCustomObjective(e.currentTarget.value)}
                  />
                </label>
              </Show>
              <label class="field">
                <span>Constraints (one per line)</span>
                <textarea
                  name="sweep-constraints"
                  rows={2}
                  placeholder="fast < slow"
                  value={constraints()}
                  onChange={(e) => setConstraints(e.currentTarget.value)}
                />
              </label>
              <label class="field">
                <span>Search</span>
                <select
                  name="sweep-search"
                  value={search()}
                  onChange={(e) => setSearch(e.currentTarget.value as "grid" | "random")}
                >
                  <option value="grid">every combination (grid)</option>
                  <option value="random">a random sample</option>
                </select>
              </label>
              <Show when={search() === "random"}>
                <label class="field">
                  <span>Samples</span>
                  <input
                    type="number"
                    name="sweep-samples"
                    min={1}
                    value={samples()}
                    onChange={(e) => setSamples(e.currentTarget.valueAsNumber)}
                  />
                </label>
                <label class="field">
                  <span>Seed</span>
                  <input
                    type="number"
                    name="sweep-seed"
                    value={seed()}
                    onChange={(e) => setSeed(e.currentTarget.valueAsNumber)}
                  />
                </label>
              </Show>
              <label class="field">
                <span>Workers</span>
                <input
                  type="number"
                  name="sweep-workers"
                  min={1}
                  value={workers()}
                  onChange={(e) => setWorkers(Math.max(1, e.currentTarget.valueAsNumber || 1))}
                />
              </label>
            </div>
            <div class="sweep-actions">
              <Show
                when={running()}
                fallback={
                  <button type="button" class="primary" onClick={start}>
                    Run sweep
                  </button>
                }
              >
                <button type="button" onClick={() => handle?.cancel()} disabled={status() !== "running"}>
                  Cancel sweep
                </button>
              </Show>
              <span class={`badge status-${status()}`} data-testid="sweep-status">
                {status()}
              </span>
              <Show when={status() === "loading"}>
                <span class="muted small">loading the data…</span>
              </Show>
              <Show when={progress().total > 0 && status() !== "loading"}>
                <progress max={progress().total} value={progress().done} />
                <span class="small" data-testid="sweep-progress">
                  {progress().done} / {progress().total} · {(progress().elapsedMs / 1000).toFixed(1)} s
                </span>
              </Show>
            </div>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <Show when={outcome()}>
              {(done) => (
                <div class="sweep-summary" data-testid="sweep-summary">
                  <For each={sweepSummary(done(), progress().total)}>{(line) => <p>{line}</p>}</For>
                </div>
              )}
            </Show>
            <Show when={rows().length > 0 && plan()} keyed>
              {(current) => (
                <div class="sweep-results">
                  <div>
                    <h3>
                      Best {ranked().length} by {current.objective.label}
                    </h3>
                    <BestTable
                      ranked={ranked()}
                      axes={current.space.axes}
                      objective={current.objective.label}
                      onPick={runInFull}
                    />
                  </div>
                  <Show
                    when={current.space.axes.length >= 2}
                    fallback={<p class="muted small">A heatmap needs two varied parameters.</p>}
                  >
                    <HeatmapView
                      rows={rows()}
                      axes={current.space.axes}
                      objective={current.objective}
                      onPick={runInFull}
                    />
                  </Show>
                </div>
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
