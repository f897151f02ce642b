import { createResource, For, Show } from "solid-js";
import { isTimeframe, timeframeForSpan } from "../../core/data/timeframes.ts";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { PipscopeError } from "../../core/errors.ts";
import { detectRegimes, REGIMES, regimeWarmup } from "../../core/router/regime.ts";
import { dataWorker } from "../data-worker.ts";
import { PriceChart, REGIME_COLOURS } from "./price-chart.tsx";

/** More candles than this make the chart sluggish: a coarser timeframe is drawn instead. */
const MAX_CANDLES = 60_000;

/** The run's own timeframe, or a coarser one when the range would need more than MAX_CANDLES. */
const chartTimeframe = (result: BacktestResult) =>
  timeframeForSpan(result.end - result.start, isTimeframe(result.timeframe) ? result.timeframe : "M1", MAX_CANDLES);

/**
 * The price chart of a result, read from the local cache with the regime band under it. A shared
 * report opened without the data says so instead.
 */
export function PriceSection(props: { result: BacktestResult }) {
  const timeframe = () => chartTimeframe(props.result);
  const [loaded] = createResource(
    () => props.result,
    async (result) => {
      const warmup = regimeWarmup();
      const { rows, startIndex } = await dataWorker().bars(
        result.symbol,
        timeframe(),
        result.start,
        result.end + 1,
        warmup,
        result.data.dataset?.split("/").at(-1),
      );
      // Regimes need their warm-up rows; the chart draws from the first tested bar.
      return { rows, startIndex, regimes: detectRegimes(rows) };
    },
  );
  return (
    <section class="card" aria-label="Price and trades">
      <h2>
        Price and trades{" "}
        <span class="muted small">
          {props.result.symbol} {timeframe()}
          {timeframe() !== props.result.timeframe ? ` (the run used ${props.result.timeframe})` : ""}
        </span>
      </h2>
      <Show
        when={loaded.state === "ready" ? loaded() : undefined}
        fallback={
          <p class="muted" role="status">
            {loaded.error
              ? `The price chart needs ${props.result.symbol} ${timeframe()} in this browser's cache: ${
                  loaded.error instanceof PipscopeError ? loaded.error.message : String(loaded.error)
                }`
              : "Loading bars…"}
          </p>
        }
      >
        {(data) => (
          <>
            <PriceChart
              bars={data().rows}
              from={data().startIndex}
              trades={props.result.trades}
              regimes={data().regimes}
            />
            <p class="regime-legend small">
              Regime band:{" "}
              <For each={REGIMES.filter((r) => r !== "UNKNOWN")}>
                {(regime) => (
                  <span>
                    <i style={{ background: REGIME_COLOURS[regime] }} /> {regime.replace("_", " ").toLowerCase()}
                  </span>
                )}
              </For>
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
