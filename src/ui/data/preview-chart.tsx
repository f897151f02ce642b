import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from "lightweight-charts";
import { createEffect, createSignal, For, onCleanup, onMount, Show } from "solid-js";
import { instrumentFor } from "../../core/data/instruments.ts";
import { TIMEFRAME_MS } from "../../core/data/timeframes.ts";
import { type BarColumns, TIMEFRAMES, type Timeframe } from "../../core/data/types.ts";
import { PipscopeError } from "../../core/errors.ts";
import { MS_PER_DAY } from "../../core/units.ts";
import type { DatasetSummary } from "../../store/market-store.ts";
import { dataWorker } from "../data-worker.ts";
import { theme } from "../theme.ts";
import { formatCount } from "./format.ts";

/** Bars shown when the preview opens: the dataset's last few hundred of the chosen timeframe. */
const DEFAULT_BARS = 600;
/** The most bars one preview loads (lightweight-charts stays smooth well past this). */
const MAX_BARS = 200_000;

const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fromDate = (text: string) => Date.parse(`${text}T00:00:00Z`);
const seconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** Decimals of the symbol's prices (5 for EURUSD, 3 for USDJPY); 5 for a symbol without a spec. */
function priceDigits(symbol: string): number {
  try {
    return instrumentFor(symbol).digits;
  } catch {
    return 5;
  }
}

/**
 * A candlestick preview of any range of a dataset, at any timeframe it can be resampled to,
 * with zoom (mouse wheel, drag, and the buttons). The bars stay in typed arrays beside the chart.
 */
export function PreviewChart(props: { dataset: DatasetSummary }) {
  const initialTimeframe = (): Timeframe =>
    props.dataset.kind === "bars" ? (props.dataset.timeframe as Timeframe) : "M1";
  const [timeframe, setTimeframe] = createSignal<Timeframe>(initialTimeframe());
  const span = (tf: Timeframe) => Math.max(2 * MS_PER_DAY, DEFAULT_BARS * TIMEFRAME_MS[tf] * 1.4);
  const [from, setFrom] = createSignal(toDate(props.dataset.last - span(initialTimeframe())));
  const [to, setTo] = createSignal(toDate(props.dataset.last + MS_PER_DAY));
  const [status, setStatus] = createSignal("");
  const [error, setError] = createSignal<string>();
  let container!: HTMLDivElement;
  let chart: IChartApi | undefined;
  let candles: ISeriesApi<"Candlestick"> | undefined;

  const show = (bars: BarColumns) => {
    const data = [];
    for (let i = 0; i < bars.length; i++) {
      data.push({
        time: seconds(bars.time[i]),
        open: bars.open[i],
        high: bars.high[i],
        low: bars.low[i],
        close: bars.close[i],
      });
    }
    candles?.setData(data);
    chart?.timeScale().fitContent();
  };

  const load = async () => {
    const start = fromDate(from());
    const end = fromDate(to());
    if (!(end > start)) {
      setError("the range must end after it starts");
      return;
    }
    if ((end - start) / TIMEFRAME_MS[timeframe()] > MAX_BARS) {
      setError(
        `that is more than ${formatCount(MAX_BARS)} ${timeframe()} bars: pick a shorter range or a larger timeframe`,
      );
      return;
    }
    setError(undefined);
    setStatus("Loading…");
    try {
      const started = performance.now();
      const loaded = await dataWorker().bars(props.dataset.symbol, timeframe(), start, end, 0, props.dataset.name);
      show(loaded.rows);
      setStatus(
        `${formatCount(loaded.rows.length)} ${timeframe()} bars in ${Math.round(performance.now() - started)} ms — ${loaded.label ?? ""}`,
      );
    } catch (e) {
      setStatus("");
      setError(e instanceof PipscopeError ? e.describe() : String(e));
    }
  };

  const zoom = (factor: number) => {
    const scale = chart?.timeScale();
    const range = scale?.getVisibleLogicalRange();
    if (!scale || !range) return;
    const middle = (range.from + range.to) / 2;
    const half = ((range.to - range.from) / 2) * factor;
    scale.setVisibleLogicalRange({ from: middle - half, to: middle + half });
  };

  onMount(() => {
    chart = createChart(container, {
      autoSize: true,
      layout: { attributionLogo: false },
      timeScale: { timeVisible: true },
    });
    const digits = priceDigits(props.dataset.symbol);
    candles = chart.addSeries(CandlestickSeries, {
      priceFormat: { type: "price", precision: digits, minMove: 1 / 10 ** digits },
      upColor: "#26a69a",
      downColor: "#ef5350",
      borderVisible: false,
      wickUpColor: "#26a69a",
      wickDownColor: "#ef5350",
    });
    void load();
  });
  createEffect(() => {
    const dark = theme() === "dark";
    chart?.applyOptions({
      layout: { background: { color: "transparent" }, textColor: dark ? "#93a4b5" : "#5b6b7b" },
      grid: { vertLines: { color: dark ? "#1d2a37" : "#eef2f6" }, horzLines: { color: dark ? "#1d2a37" : "#eef2f6" } },
    });
  });
  onCleanup(() => chart?.remove());

  return (
    <section class="card wide" aria-labelledby="preview-title">
      <div class="card-title">
        <h2 id="preview-title">
          {props.dataset.symbol} preview
          <Show when={props.dataset.synthetic}>
            <span class="badge synthetic">synthetic</span>
          </Show>
        </h2>
        <div class="zoom">
          <button type="button" onClick={() => zoom(0.5)} aria-label="Zoom in">
            +
          </button>
          <button type="button" onClick={() => zoom(2)} aria-label="Zoom out">
            −
          </button>
          <button type="button" onClick={() => chart?.timeScale().fitContent()}>
            Fit
          </button>
        </div>
      </div>
      <form
        class="preview-controls"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label>
          Timeframe{" "}
          <select value={timeframe()} onChange={(e) => setTimeframe(e.currentTarget.value as Timeframe)}>
            <For each={TIMEFRAMES}>{(tf) => <option value={tf}>{tf}</option>}</For>
          </select>
        </label>
        <label>
          From <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          To <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit">Show</button>
        <span class="muted small" data-testid="preview-status">
          {status()}
        </span>
      </form>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="chart preview" ref={container} data-testid="preview-chart" />
    </section>
  );
}
