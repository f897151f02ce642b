import { Show } from "solid-js";
import { systemClock } from "../../core/time/index.ts";
import { EventList } from "../news/event-list.tsx";
import { KillZoneSettings } from "../news/kill-zone-settings.tsx";
import { NewsImportCard } from "../news/news-import.tsx";
import { createNewsState } from "../news/news-state.ts";
import { browserZone } from "../session-clock/index.ts";
import { PageHeader } from "../shell.tsx";
import "../news/news.css";

/** The News page (SPEC §9): import an economic calendar, see its events by day and the kill zones. */
export function NewsPage() {
  const state = createNewsState();
  const zone = browserZone();
  return (
    <>
      <PageHeader title="News" summary="Economic calendar and news kill zones." />
      <div class="grid">
        <NewsImportCard state={state} />
        <KillZoneSettings state={state} zone={zone} now={systemClock.now()} />
        <Show when={state.ready()} fallback={<p class="muted">Loading stored events…</p>}>
          <EventList state={state} zone={zone} />
        </Show>
      </div>
      <Show when={state.events().length}>
        <p>
          <button type="button" onClick={() => void state.clear()}>
            Delete all stored events
          </button>
        </p>
      </Show>
    </>
  );
}
