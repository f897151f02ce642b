import { AreaSeries, LineSeries, type UTCTimestamp } from "lightweight-charts";
import { onMount } from "solid-js";
import type { Curve } from "../../core/engine/curves.ts";
import { themedChart } from "../chart.ts";

const seconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** Equity and balance above, drawdown (%) below, on one time axis (lightweight-charts). */
export function EquityChart(props: { curve: Curve }) {
  let container!: HTMLDivElement;
  onMount(() => {
    const chart = themedChart(container);
    const equity = chart.addSeries(LineSeries, { color: "#f5b83d", lineWidth: 2, title: "Equity" });
    const balance = chart.addSeries(LineSeries, { color: "#7cc4ff", lineWidth: 1, title: "Balance" });
    const drawdown = chart.addSeries(
      AreaSeries,
      {
        lineColor: "#ef5350",
        topColor: "rgba(239,83,80,0.05)",
        bottomColor: "rgba(239,83,80,0.4)",
        title: "Drawdown %",
      },
      1,
    );
    const { time, equity: e, balance: b, drawdown_pct: d } = props.curve;
    // lightweight-charts needs strictly increasing times: keep the last point of each second.
    const points = time
      .map((_, i) => i)
      .filter((i) => i === time.length - 1 || seconds(time[i + 1]) > seconds(time[i]));
    equity.setData(points.map((i) => ({ time: seconds(time[i]), value: e[i] })));
    balance.setData(points.map((i) => ({ time: seconds(time[i]), value: b[i] })));
    drawdown.setData(points.map((i) => ({ time: seconds(time[i]), value: d[i] })));
    chart.timeScale().fitContent();
  });
  return <div class="chart" ref={container} data-testid="equity-chart" />;
}
