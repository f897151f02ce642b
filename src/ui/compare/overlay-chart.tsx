import { createChart, type IChartApi, LineSeries, type UTCTimestamp } from "lightweight-charts";
import { createEffect, For, onCleanup, onMount } from "solid-js";
import type { VariantName } from "../../core/config/index.ts";
import type { CompareResult } from "../../core/protocol/compare.ts";
import { theme } from "../theme.ts";

/** One colour per variant, the same in the legend and the progress list. */
export const VARIANT_COLOURS: Record<VariantName, string> = {
  vanilla: "#7cc4ff",
  spiced: "#f5b83d",
  vanilla_full: "#66bb6a",
  spiced_full: "#ef5350",
};

const seconds = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;

/** The variants' equity curves overlaid on one time axis (walk-forward ones start later). */
export function OverlayChart(props: { results: CompareResult[] }) {
  let container!: HTMLDivElement;
  let chart: IChartApi | undefined;
  onMount(() => {
    chart = createChart(container, {
      autoSize: true,
      layout: { attributionLogo: false },
      // Two curves of up to 2,000 points each: let fitContent squeeze them all into the width.
      timeScale: { minBarSpacing: 0.01 },
    });
    for (const result of props.results) {
      const series = chart.addSeries(LineSeries, {
        color: VARIANT_COLOURS[result.variant],
        lineWidth: 2,
        title: result.variant,
      });
      const { time, equity } = result.curve;
      // lightweight-charts needs strictly increasing times: keep the last point of each second.
      const points = time
        .map((_, i) => i)
        .filter((i) => i === time.length - 1 || seconds(time[i + 1]) > seconds(time[i]));
      series.setData(points.map((i) => ({ time: seconds(time[i]), value: equity[i] })));
    }
    chart.timeScale().fitContent();
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
    <section class="card" data-testid="compare-equity">
      <h2>Equity</h2>
      <ul class="compare-legend">
        <For each={props.results}>
          {(r) => (
            <li>
              <span class="swatch" style={{ background: VARIANT_COLOURS[r.variant] }} />
              {r.variant}
            </li>
          )}
        </For>
      </ul>
      <div class="chart" ref={container} />
    </section>
  );
}
