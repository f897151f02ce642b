import { For } from "solid-js";
import { VARIANTS, type VariantName } from "../../core/config/index.ts";
import type { VariantProgress } from "./compare-run.ts";
import { VARIANT_COLOURS } from "./overlay-chart.tsx";

const DESCRIPTIONS: Record<VariantName, string> = {
  vanilla: "the strategy alone",
  spiced: "through the router",
  vanilla_full: "walk-forward optimised",
  spiced_full: "router + walk-forward",
};

/** "windows 3/10 · 2025-04-02 · 51 trades · P&L 852.97", whichever parts are known. */
function detail(p: VariantProgress): string {
  const parts = [];
  if (p.windows) parts.push(`windows ${p.windows}`);
  if (p.currentDate) parts.push(p.currentDate, `${p.trades} trades`, `P&L ${p.pnl.toFixed(2)}`);
  return parts.join(" · ");
}

/** Each variant's live state: status, progress bar, simulated date, trades, P&L, windows optimised. */
export function VariantProgressList(props: { progress: Record<VariantName, VariantProgress> }) {
  return (
    <ul class="variant-progress" data-testid="variant-progress">
      <For each={VARIANTS}>
        {(variant) => {
          const p = () => props.progress[variant];
          return (
            <li data-variant={variant}>
              <span class="swatch" style={{ background: VARIANT_COLOURS[variant] }} />
              <strong>{variant}</strong>
              <span class="muted small">{DESCRIPTIONS[variant]}</span>
              <span class="status" data-testid={`status-${variant}`}>
                {p().status}
              </span>
              <progress max={100} value={p().progress} aria-label={`${variant} progress`} />
              <span class="detail muted small">{detail(p())}</span>
            </li>
          );
        }}
      </For>
    </ul>
  );
}
