import { createMemo, createResource, createSignal, For, Show } from "solid-js";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { PipscopeError } from "../../core/errors.ts";
import { formatFixed, formatMoney, formatNumber } from "../../core/format.ts";
import {
  DEFAULT_MONTE_CARLO,
  drawdownProbability,
  type MonteCarloResult,
  monteCarloDraws,
  percentile,
  type ResampleMethod,
} from "../../core/router/monte-carlo.ts";
import { monteCarloInWorker } from "../monte-carlo-worker.ts";
import "./monte-carlo.css";

/** Paths the page draws at most: enough for stable percentiles, a second or two in its worker. */
const MAX_RUNS = 10_000;
const BINS = 24;

/** Counts of ascending values in `bins` equal-width bins from the first to the last. */
function histogram(sorted: Float64Array, bins: number): { from: number; width: number; counts: number[] } {
  const from = sorted[0];
  const width = (sorted[sorted.length - 1] - from) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) counts[Math.min(bins - 1, Math.floor((value - from) / width))]++;
  return { from, width, counts };
}

/** A distribution as SVG bars, its 5th, 50th and 95th percentiles marked below. */
function Histogram(props: { label: string; values: Float64Array; format: (value: number) => string; tone: string }) {
  const bins = () => histogram(props.values, BINS);
  const tallest = () => Math.max(...bins().counts);
  return (
    <figure class="mc-histogram">
      <figcaption>{props.label}</figcaption>
      <svg viewBox={`0 0 ${BINS} 40`} preserveAspectRatio="none" role="img" aria-label={`${props.label} histogram`}>
        <For each={bins().counts}>
          {(count, i) => (
            <rect
              class={props.tone}
              x={i() + 0.08}
              width={0.84}
              y={40 - (count / tallest()) * 40}
              height={(count / tallest()) * 40}
            />
          )}
        </For>
      </svg>
      <div class="mc-axis muted small">
        <span>p5 {props.format(percentile(props.values, 5))}</span>
        <span>median {props.format(percentile(props.values, 50))}</span>
        <span>p95 {props.format(percentile(props.values, 95))}</span>
      </div>
    </figure>
  );
}

/**
 * Monte Carlo of a run's trades on the Results report: resampled equity paths (seeded, N
 * configurable), distributions of final equity and max drawdown, percentiles, and the
 * probability of a drawdown the trader chooses.
 */
export function MonteCarlo(props: { result: BacktestResult }) {
  const [runs, setRuns] = createSignal(DEFAULT_MONTE_CARLO.runs);
  const [seed, setSeed] = createSignal(DEFAULT_MONTE_CARLO.seed);
  const [method, setMethod] = createSignal<ResampleMethod>(DEFAULT_MONTE_CARLO.method);
  const [threshold, setThreshold] = createSignal(20);
  const draws = createMemo(() => monteCarloDraws(props.result.trades, props.result.sizing));
  // Computed in a worker: the report shows at once, the paths follow a moment later.
  const [simulation] = createResource(
    () => ({ draws: draws(), runs: runs(), seed: seed(), method: method() }),
    async ({ draws, ...options }): Promise<{ ok: MonteCarloResult } | { error: string }> => {
      try {
        const ok = await monteCarloInWorker(draws.values, props.result.account.initial_balance, {
          ...options,
          basis: draws.basis,
        });
        return { ok };
      } catch (error) {
        return { error: error instanceof PipscopeError ? error.message : String(error) };
      }
    },
  );
  const ok = () => {
    const s = simulation.latest;
    return s && "ok" in s ? s.ok : undefined;
  };
  const failure = () => {
    const s = simulation.latest;
    return s && "error" in s ? s.error : undefined;
  };
  const currency = () => props.result.account.currency;
  const money = (value: number) => `${formatMoney(value)} ${currency()}`;
  const returnPct = (equity: number) => formatFixed((equity / props.result.account.initial_balance - 1) * 100, 1);
  const partial = () => props.result.trades.length < props.result.metrics.trades;
  const whole = (value: string, fallback: number) => (Number.isInteger(Number(value)) ? Number(value) : fallback);
  return (
    <section class="card monte-carlo" aria-label="Monte Carlo" data-testid="monte-carlo">
      <div class="card-title">
        <h2>Monte Carlo</h2>
        <span class="muted small">
          {formatNumber(runs())} paths of {formatNumber(props.result.trades.length)} trades, seed {seed()}
        </span>
      </div>
      <p class="muted small" data-testid="mc-basis">
        Drawn from {draws().why}.
      </p>
      <div class="mc-controls">
        <label>
          Paths
          <input
            type="number"
            min="1"
            max={MAX_RUNS}
            step="100"
            value={runs()}
            onChange={(e) => setRuns(Math.min(MAX_RUNS, whole(e.currentTarget.value, runs())))}
            data-testid="mc-runs"
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            step="1"
            value={seed()}
            onChange={(e) => setSeed(whole(e.currentTarget.value, seed()))}
          />
        </label>
        <label>
          Resample
          <select value={method()} onChange={(e) => setMethod(e.currentTarget.value as ResampleMethod)}>
            <option value="bootstrap">with replacement</option>
            <option value="shuffle">reorder only</option>
          </select>
        </label>
        <label>
          Drawdown of
          <span class="mc-unit">
            <input
              type="number"
              min="0.1"
              max="100"
              step="0.1"
              value={threshold()}
              onChange={(e) => setThreshold(Number(e.currentTarget.value) || threshold())}
              data-testid="mc-threshold"
            />
            %
          </span>
        </label>
      </div>
      <Show when={partial()}>
        <p class="muted small">
          Resampling the {props.result.trades.length} trades this report carries, of {props.result.metrics.trades}.
        </p>
      </Show>
      <Show
        when={ok()}
        fallback={
          <Show when={failure()} fallback={<p class="muted">Resampling {formatNumber(runs())} paths…</p>}>
            <p class="muted" data-testid="mc-error">
              {failure()}
            </p>
          </Show>
        }
      >
        {(mc) => (
          <>
            <p class="mc-headline" data-testid="mc-probability">
              Probability of a drawdown of {threshold()}% or more:{" "}
              <strong>{formatFixed(drawdownProbability(mc(), threshold()) * 100, 1)}%</strong>
            </p>
            <p class="mc-headline" data-testid="mc-ruin">
              Probability of ruin (a path's equity reaching zero):{" "}
              <strong>{formatFixed(mc().ruinProbability * 100, 1)}%</strong>
            </p>
            <div class="mc-body">
              <Histogram label="Final equity" values={mc().finalEquity} format={money} tone="up-fill" />
              <Histogram
                label="Max drawdown"
                values={mc().maxDrawdownPct}
                format={(v) => `${formatFixed(v, 1)}%`}
                tone="down-fill"
              />
              <table class="mc-table" data-testid="mc-percentiles">
                <thead>
                  <tr>
                    <th scope="col">Percentile</th>
                    <th scope="col">Final equity</th>
                    <th scope="col">Return</th>
                    <th scope="col">Max drawdown</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={mc().percentiles}>
                    {(row) => (
                      <tr>
                        <th scope="row">{row.percentile}th</th>
                        <td class="num">{money(row.finalEquity)}</td>
                        <td class="num">{returnPct(row.finalEquity)}%</td>
                        <td class="num">{formatFixed(row.maxDrawdownPct, 1)}%</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
