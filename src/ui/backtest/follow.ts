import type { BacktestEvent } from "../../core/protocol/backtest.ts";
import { runChannelName } from "../../core/protocol/backtest.ts";
import { decodeEventBatch, type PackedEvents } from "../../core/protocol/event-batch.ts";
import { readEvents } from "../../store/runs.ts";

/**
 * Follows a run from its first event: replays what the run stored in IndexedDB, then the live
 * BroadcastChannel, without gaps or repeats (events carry `seq`). Works for a run started in this
 * tab, another tab, or before a reload. `onEvents` receives events in `seq` order, in batches.
 * Returns `stop`, and `replayed`, which resolves once the stored events have been delivered.
 */
export function followRun(
  backtestId: string,
  onEvents: (events: BacktestEvent[]) => void,
): { stop(): void; replayed: Promise<void> } {
  const channel = new BroadcastChannel(runChannelName(backtestId));
  let next = 0; // the next seq to deliver
  let replaying = true;
  const early: BacktestEvent[] = [];
  const deliver = (events: BacktestEvent[]) => {
    const fresh = events.filter((e) => e.seq >= next);
    if (fresh.length === 0) return;
    next = fresh[fresh.length - 1].seq + 1;
    onEvents(fresh);
  };
  channel.onmessage = (message: MessageEvent<PackedEvents | string>) => {
    const events = decodeEventBatch(message.data);
    if (replaying) early.push(...events);
    else if (events[0].seq > next) void catchUp(events);
    else deliver(events);
  };
  // A live batch ahead of what we have: the missing events are in IndexedDB (stored before posting's successor).
  const catchUp = async (live: BacktestEvent[]) => {
    deliver(await readEvents(backtestId));
    deliver(live);
  };
  const replayed = (async () => {
    deliver(await readEvents(backtestId));
    replaying = false;
    early.sort((a, b) => a.seq - b.seq);
    if (early.length && early[0].seq > next) deliver(await readEvents(backtestId));
    deliver(early);
  })();
  return { stop: () => channel.close(), replayed };
}
