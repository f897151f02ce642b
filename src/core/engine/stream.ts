import type { BacktestEvent, BacktestEventData, BacktestEventType } from "../protocol/backtest.ts";
import { EventPacker, type PackedEvents } from "../protocol/event-batch.ts";
import type { EngineHost } from "./backtest.ts";

/** Events per posted batch: enough to amortise a post and a store, few enough to arrive often. */
export const BATCH_EVENTS = 4096;

/** What the host of a run provides: a wall clock, where batches go, and how to yield and sleep. */
export interface StreamTarget {
  wallNow(): number;
  /** Receives the events in order, packed in batches (`unpackEvents` reads them); `seq` is set. */
  post(batch: PackedEvents): void;
  yield(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/**
 * An EngineHost that numbers events (`seq` from 0) and posts them packed, in batches of about
 * BATCH_EVENTS (and whenever the run yields, starts, completes or fails). `cancel()` stops the
 * run at its next yield. With `holdEnd`, the batch that ends with `backtest_complete` is kept
 * back for `rest()`: the backtest worker stores the result before anyone hears it is complete.
 */
export function makeStreamingHost(
  target: StreamTarget,
  options: { holdEnd?: boolean } = {},
): EngineHost & { cancel(): void; flush(): void; rest(): PackedEvents | undefined } {
  let seq = 0;
  let cancelled = false;
  const packer = new EventPacker();
  // The wall clock as the engine last read it (every chunk of rows): a fill's or close's log line
  // is stamped with it (at most a chunk early) rather than reading the clock for each one.
  let wall = target.wallNow();
  const flush = () => {
    if (packer.count > 0) target.post(packer.take());
  };
  return {
    wallNow: () => (wall = target.wallNow()),
    emit<T extends BacktestEventType>(type: T, data: BacktestEventData<T>) {
      packer.event({ type, seq: seq++, data } as BacktestEvent);
      if (
        packer.count >= BATCH_EVENTS ||
        type === "backtest_start" ||
        (type === "backtest_complete" && !options.holdEnd) ||
        type === "backtest_error"
      )
        flush();
    },
    trade(fact, context) {
      packer.trade(fact, context, wall, seq);
      seq += 2;
      if (packer.count >= BATCH_EVENTS) flush();
    },
    async yield() {
      flush();
      await target.yield();
    },
    sleep: (ms) => {
      flush();
      return target.sleep(ms);
    },
    cancelled: () => cancelled,
    cancel() {
      cancelled = true;
    },
    flush,
    rest: () => (packer.count > 0 ? packer.take() : undefined),
  };
}

/**
 * An EngineHost for a run nobody watches line by line (`pipscope backtest --quiet`): no log line
 * is built (`readsLogs: false`), no fill or close is packed; `onEvent` hears the progress and the
 * end (no `seq`: no stream is kept). `cancel()` stops the run at its next yield.
 */
export function makeQuietHost(
  target: Omit<StreamTarget, "post">,
  onEvent: (type: BacktestEventType, data: BacktestEventData<BacktestEventType>) => void = () => {},
): EngineHost & { cancel(): void } {
  let cancelled = false;
  return {
    readsLogs: false,
    wallNow: () => target.wallNow(),
    emit: onEvent,
    trade: () => {},
    yield: () => target.yield(),
    sleep: (ms) => target.sleep(ms),
    cancelled: () => cancelled,
    cancel() {
      cancelled = true;
    },
  };
}
