import { createResource, For, Show } from "solid-js";
import { describeSpike, QUALITY_FORMULA } from "../../core/data/quality.ts";
import { dataWorker } from "../data-worker.ts";
import { formatCount, formatDuration, formatUtc, scoreClass } from "./format.ts";

/** A penalty as points off the score: "−0.15", or "0" when nothing was taken off. */
const penalty = (points: number) => (points === 0 ? "0" : `−${points}`);

/** The quality report of one dataset (issue 5 §4): score, what cost points, gaps and spikes. */
export function QualityView(props: { id: string }) {
  const [report] = createResource(
    () => props.id,
    (id) => dataWorker().quality(id),
  );
  return (
    <section class="card" aria-labelledby="quality-title">
      <h2 id="quality-title">Quality of {props.id}</h2>
      <Show when={report()} fallback={<p class="muted">Loading…</p>}>
        {(q) => (
          <div class="quality">
            <p>
              <span class={scoreClass(q().score)} data-testid="quality-score">
                {q().score}/100
              </span>{" "}
              <span class="muted">
                {formatCount(q().rowsStored)} rows stored of {formatCount(q().rowsRead)} read
              </span>
            </p>
            <table class="penalties">
              <tbody>
                <tr>
                  <th>Integrity</th>
                  <td class="num">{penalty(q().penalties.integrity)}</td>
                  <td>
                    {q().duplicates} duplicates, {q().outOfOrder} out of order, {q().ohlcInconsistent} OHLC
                    inconsistent, {q().badPrices} bad prices, {q().bidAboveAsk} bid above ask
                  </td>
                </tr>
                <tr>
                  <th>Gaps</th>
                  <td class="num">{penalty(q().penalties.gaps)}</td>
                  <td>
                    {q().gaps.count} gaps over {formatDuration(q().gaps.thresholdMs)}:{" "}
                    {formatDuration(q().gaps.missingMs)} missing of {formatDuration(q().gaps.openMs)} of market hours
                    (weekends and holidays excluded)
                  </td>
                </tr>
                <tr>
                  <th>Spikes</th>
                  <td class="num">{penalty(q().penalties.spikes)}</td>
                  <td>
                    {q().spikes.count} with a range over {q().spikes.k} × the rolling ATR or priced off their
                    neighbours' band ({q().spikes.offBand})
                  </td>
                </tr>
                <tr>
                  <th>Spread</th>
                  <td class="num">{penalty(q().penalties.spread)}</td>
                  <td>
                    {q().spread.outliers} outliers over {q().spread.threshold} {q().spread.unit} (median{" "}
                    {q().spread.median}, max {q().spread.max})
                  </td>
                </tr>
              </tbody>
            </table>
            <Show when={q().gaps.list.length}>
              <details>
                <summary>Largest gaps</summary>
                <ul class="gap-list">
                  <For each={[...q().gaps.list].sort((a, b) => b.openMs - a.openMs).slice(0, 20)}>
                    {(gap) => (
                      <li>
                        {formatUtc(gap.from)} → {formatUtc(gap.to)} UTC, {formatDuration(gap.openMs)}
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
            <Show when={q().spikes.list.length}>
              <details>
                <summary>Spikes</summary>
                <ul class="gap-list" data-testid="spike-list">
                  <For each={q().spikes.list.slice(0, 20)}>
                    {(spike) => (
                      <li>
                        {formatUtc(spike.time)} UTC: {describeSpike(spike)}
                      </li>
                    )}
                  </For>
                </ul>
              </details>
            </Show>
            <p class="muted small">{QUALITY_FORMULA}</p>
          </div>
        )}
      </Show>
    </section>
  );
}
