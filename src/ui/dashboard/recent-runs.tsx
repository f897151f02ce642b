import { A } from "@solidjs/router";
import { createResource, For, onCleanup, Show } from "solid-js";
import { DIRECTORY_CHANNEL } from "../../core/protocol/backtest.ts";
import { settleInterruptedRuns } from "../backtest-worker.ts";

const SHOWN = 6;

/** The latest runs with their net result; refreshes when any tab starts or ends a run. */
export function RecentRuns() {
  const [runs, { refetch }] = createResource(async () => (await settleInterruptedRuns()).slice(0, SHOWN));
  const directory = new BroadcastChannel(DIRECTORY_CHANNEL);
  directory.onmessage = () => void refetch();
  onCleanup(() => directory.close());
  return (
    <section class="card" aria-labelledby="recent-runs-title">
      <div class="card-title">
        <h2 id="recent-runs-title">Recent runs</h2>
        <A href="/backtest">New backtest</A>
      </div>
      <Show when={(runs() ?? []).length > 0} fallback={<p class="muted">No runs yet.</p>}>
        <ul class="recent-runs">
          <For each={runs()}>
            {(run) => (
              <li>
                <A href={run.status === "running" ? "/backtest" : `/results/${run.backtest_id}`}>{run.name}</A>
                <span class={`badge status-${run.status}`}>{run.status}</span>
                <span class="muted small">
                  {run.symbol} {run.timeframe}
                  {run.summary ? ` · ${run.summary.trades} trades · ${run.summary.return_pct.toFixed(2)} %` : ""}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
