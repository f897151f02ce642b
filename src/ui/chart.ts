import { type ChartOptions, createChart, type DeepPartial, type IChartApi } from "lightweight-charts";
import { createEffect, onCleanup } from "solid-js";
import { theme } from "./theme.ts";

/** Candle colours every candlestick chart shares. */
export const CANDLE_COLOURS = {
  upColor: "#26a69a",
  downColor: "#ef5350",
  borderVisible: false,
  wickUpColor: "#26a69a",
  wickDownColor: "#ef5350",
} as const;

/**
 * A lightweight-charts chart in `container` that sizes itself, follows the app's light/dark theme
 * and is removed with the component. Call it where a component mounts (it needs the owner).
 */
export function themedChart(container: HTMLElement, options: DeepPartial<ChartOptions> = {}): IChartApi {
  const chart = createChart(container, {
    autoSize: true,
    ...options,
    layout: { attributionLogo: false, ...options.layout },
  });
  createEffect(() => {
    const dark = theme() === "dark";
    const lines = dark ? "#1d2a37" : "#eef2f6";
    chart.applyOptions({
      layout: { background: { color: "transparent" }, textColor: dark ? "#93a4b5" : "#5b6b7b" },
      grid: { vertLines: { color: lines }, horzLines: { color: lines } },
    });
  });
  onCleanup(() => chart.remove());
  return chart;
}
