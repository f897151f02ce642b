import { type IChartApi, type ISeriesApi, LineSeries, LineStyle, type UTCTimestamp } from "lightweight-charts";
import { createEffect, onMount } from "solid-js";
import { themedChart } from "../chart.ts";
import { browserZone } from "../session-clock/index.ts";
import { formatTickTime } from "./format.ts";
import type { LiveSession } from "./live-session.ts";
import type { TickWindow } from "./tick-book.ts";

/**
 * Bid and ask of one symbol over its last ticks (lightweight-charts), one step per tick like
 * MT5's tick chart: lightweight-charts keys points by whole seconds, which would fold a busy
 * second's ticks into one, so the horizontal position is the tick's number and the axis labels
 * are looked up from the tick window, in the browser's zone. New ticks are appended after each
 * animation frame; switching symbol (or a new connection) redraws from the window.
 */
export function MiniChart(props: { session: LiveSession; symbol: string | undefined }) {
  let container!: HTMLDivElement;
  let chart: IChartApi | undefined;
  let bid: ISeriesApi<"Line"> | undefined;
  let ask: ISeriesApi<"Line"> | undefined;
  let shown: TickWindow | undefined;
  let drawn = 0;
  const zone = browserZone();
  const label = (time: unknown) => {
    const timeMsc = shown?.timeOf(time as number);
    return timeMsc === undefined ? "" : formatTickTime(timeMsc, zone);
  };

  const redraw = (window: TickWindow, digits: number) => {
    if (!bid || !ask) return;
    const priceFormat = { type: "price" as const, precision: digits, minMove: 1 / 10 ** digits };
    bid.applyOptions({ priceFormat });
    ask.applyOptions({ priceFormat });
    const bids: { time: UTCTimestamp; value: number }[] = [];
    const asks: { time: UTCTimestamp; value: number }[] = [];
    window.forEachSince(0, (_, b, a, n) => {
      bids.push({ time: n as UTCTimestamp, value: b });
      asks.push({ time: n as UTCTimestamp, value: a });
    });
    shown = window;
    bid.setData(bids);
    ask.setData(asks);
    drawn = window.total;
    chart?.timeScale().scrollToRealTime();
  };

  onMount(() => {
    chart = themedChart(container, {
      localization: { timeFormatter: label },
      // 4 px a tick: the last ~200 in view, older ones a scroll or a zoom away.
      timeScale: { timeVisible: true, secondsVisible: true, tickMarkFormatter: label, barSpacing: 4, rightOffset: 4 },
    });
    bid = chart.addSeries(LineSeries, { color: "#f5b83d", lineWidth: 2, title: "Bid" });
    ask = chart.addSeries(LineSeries, { color: "#7cc4ff", lineWidth: 1, lineStyle: LineStyle.Dotted, title: "Ask" });
  });
  createEffect(() => {
    props.session.version();
    const symbol = props.symbol;
    const window = symbol ? props.session.book.window(symbol) : undefined;
    const quote = symbol ? props.session.book.quote(symbol) : undefined;
    if (!window || !quote) return;
    if (window !== shown) return redraw(window, quote.digits);
    window.forEachSince(drawn, (_, b, a, n) => {
      bid?.update({ time: n as UTCTimestamp, value: b });
      ask?.update({ time: n as UTCTimestamp, value: a });
    });
    drawn = window.total;
  });
  return <div class="chart live-chart" ref={container} data-testid="live-chart" />;
}
