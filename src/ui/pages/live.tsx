import { createMemo, createSignal } from "solid-js";
import { AccountPanel } from "../live/account-panel.tsx";
import { ConnectionCard } from "../live/connection-card.tsx";
import { liveSession } from "../live/live-session.ts";
import { MiniChart } from "../live/mini-chart.tsx";
import { RecordCard } from "../live/record-card.tsx";
import { TicksTable } from "../live/ticks-table.tsx";
import { SessionClock } from "../session-clock/index.ts";
import { PageHeader } from "../shell.tsx";
import "../live/live.css";

/**
 * The Live page (SPEC §7, §9): ticks from the relay, recording them into the cache, a chart of
 * one symbol, the session clock, the account.
 */
export function LivePage() {
  const session = liveSession();
  const [picked, setPicked] = createSignal<string>();
  // The chart follows the picked symbol, else the first one that has ticks.
  const charted = createMemo(() => {
    session.version();
    return picked() ?? session.book.snapshot()[0]?.symbol;
  });
  return (
    <>
      <PageHeader title="Live" summary="Live MT5 ticks through the Pipscope relay." />
      <div class="grid">
        <ConnectionCard session={session} />
        <div class="live-side">
          <RecordCard session={session} />
          <AccountPanel session={session} />
        </div>
        <TicksTable session={session} selected={charted()} onSelect={setPicked} />
        <section class="card live-wide" aria-labelledby="live-chart-title">
          <div class="card-title">
            <h2 id="live-chart-title">{charted() ?? "Chart"}</h2>
            <span class="muted small">bid and ask, last 2,000 ticks</span>
          </div>
          <MiniChart session={session} symbol={charted()} />
        </section>
        <SessionClock />
      </div>
    </>
  );
}
