import { createResource, For, Show } from "solid-js";
import { RecentRuns } from "../dashboard/recent-runs.tsx";
import { DashboardLive } from "../live/dashboard-live.tsx";
import { SessionClock } from "../session-clock/index.ts";
import { PageHeader } from "../shell.tsx";
import { runSelfCheck } from "./dashboard.data.ts";

export function DashboardPage() {
  const [checks, { refetch }] = createResource(runSelfCheck);
  return (
    <>
      <PageHeader title="Dashboard" summary="Sessions, markets and your recent runs at a glance." />
      <div class="grid">
        <SessionClock />
        <RecentRuns />
        <DashboardLive />
        <section class="card" aria-labelledby="self-check-title">
          <div class="card-title">
            <h2 id="self-check-title">This browser</h2>
            <button type="button" onClick={() => refetch()} disabled={checks.loading}>
              Check again
            </button>
          </div>
          <Show when={checks()} fallback={<p class="muted">Checking…</p>}>
            <ul class="checks">
              <For each={checks()}>
                {(item) => (
                  <li data-check={item.id} data-ok={item.ok}>
                    <span class="check-mark" role="img" aria-label={item.ok ? "passed" : "failed"}>
                      {item.ok ? "✓" : "✗"}
                    </span>
                    <span class="check-label">{item.label}</span>
                    <span class="muted check-detail">{item.detail}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </div>
    </>
  );
}
