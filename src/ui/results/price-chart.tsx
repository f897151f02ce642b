import {
  CandlestickSeries,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  type SeriesMarker,
  type Time,
  type UTCTimestamp,
  type WhitespaceData,
} from "lightweight-charts";
import { onMount } from "solid-js";
import type { BarColumns } from "../../core/data/types.ts";
import type { Trade } from "../../core/engine/orders.ts";
import { REGIMES, type Regime } from "../../core/router/regime.ts";
import { CANDLE_COLOURS, themedChart } from "../chart.ts";

/** The regime band's colours (issue 8 §1), also the legend's. */
export const REGIME_COLOURS: Record<Regime, string> = {
  UNKNOWN: "transparent",
  TREND_UP: "#26a69a",
  TREND_DOWN: "#ef5350",
  RANGE: "#8a9bad",
  HIGH_VOL: "#f0a030",
};

const MAX_LABELLED_TRADES = 30;
const seconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** Segments at a level from entry to exit of each trade, separated by gaps (whitespace points). */
function levelSegments(trades: Trade[], level: (t: Trade) => number | null) {
  const points: Array<{ time: UTCTimestamp; value: number } | WhitespaceData<Time>> = [];
  let last = 0;
  for (const trade of [...trades].sort((a, b) => a.entryTime - b.entryTime)) {
    const value = level(trade);
    const from = seconds(trade.entryTime);
    const to = seconds(trade.exitTime);
    if (value === null || from <= last || to <= from) continue;
    points.push({ time: from, value }, { time: to, value }, { time: (to + 1) as UTCTimestamp });
    last = to + 1;
  }
  return points;
}

/**
 * Candles of the run's bars with entry/exit markers, each trade's stop (red) and target (green),
 * and, when given, a band under the candles coloured by each bar's regime (codes of REGIMES, one
 * per row). Rows before `from` (warm-up) are not drawn.
 */
export function PriceChart(props: { bars: BarColumns; from?: number; trades: Trade[]; regimes?: Uint8Array }) {
  let container!: HTMLDivElement;
  onMount(() => {
    const chart = themedChart(container);
    const candles = chart.addSeries(CandlestickSeries, CANDLE_COLOURS);
    const { time, open, high, low, close } = props.bars;
    const data = [];
    const rowOf: number[] = []; // the bar row of each candle (rows within one second are dropped)
    const from = props.from ?? 0;
    for (let i = from; i < props.bars.length; i++) {
      if (i > from && seconds(time[i]) <= seconds(time[i - 1])) continue;
      data.push({ time: seconds(time[i]), open: open[i], high: high[i], low: low[i], close: close[i] });
      rowOf.push(i);
    }
    candles.setData(data);
    if (props.regimes) {
      const band = chart.addSeries(HistogramSeries, {
        priceScaleId: "regime",
        priceLineVisible: false,
        lastValueVisible: false,
      });
      chart.priceScale("regime").applyOptions({ scaleMargins: { top: 0.94, bottom: 0 }, visible: false });
      const codes = props.regimes;
      band.setData(
        data.map((bar, i) => ({ time: bar.time, value: 1, color: REGIME_COLOURS[REGIMES[codes[rowOf[i]]]] })),
      );
    }
    const markers: SeriesMarker<Time>[] = [];
    // Labels only while they stay legible; the trades table has the details.
    const labelled = props.trades.length <= MAX_LABELLED_TRADES;
    for (const t of props.trades) {
      const long = t.side === "long";
      markers.push(
        {
          time: seconds(t.entryTime),
          position: long ? "belowBar" : "aboveBar",
          color: long ? "#26a69a" : "#ef5350",
          shape: long ? "arrowUp" : "arrowDown",
          text: labelled ? `${long ? "Buy" : "Sell"} ${t.lots}` : undefined,
        },
        {
          time: seconds(t.exitTime),
          position: long ? "aboveBar" : "belowBar",
          color: t.pnl >= 0 ? "#26a69a" : "#ef5350",
          shape: "circle",
          text: labelled ? t.exitReason.replace("_", " ") : undefined,
        },
      );
    }
    markers.sort((a, b) => (a.time as number) - (b.time as number));
    createSeriesMarkers(candles, markers);
    chart
      .addSeries(LineSeries, {
        color: "#ef5350",
        lineWidth: 1,
        lineStyle: 2,
        priceLineVisible: false,
        lastValueVisible: false,
      })
      .setData(levelSegments(props.trades, (t) => t.sl));
    chart
      .addSeries(LineSeries, {
        color: "#26a69a",
        lineWidth: 1,
        lineStyle: 2,
        priceLineVisible: false,
        lastValueVisible: false,
      })
      .setData(levelSegments(props.trades, (t) => t.tp));
    chart.timeScale().fitContent();
  });
  return <div class="chart" ref={container} data-testid="price-chart" />;
}
