import type { BacktestEvent, BacktestEventData, BacktestEventType } from "../protocol/backtest.ts";
import type { EngineHost } from "./backtest.ts";

/** Events per posted batch: small enough that held events die young, large enough to amortise a post. */
export const BATCH_EVENTS = 256;

/** What the host of a run provides: a wall clock, where batches go, and how to yield and sleep. */
export interface StreamTarget {
  wallNow(): number;
  /** Receives events in order, in batches; `seq` is already set. */
  post(batch: BacktestEvent[]): void;
  yield(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/**
 * An EngineHost that numbers events (`seq` from 0) and posts them in batches of BATCH_EVENTS (and
 * whenever the run yields, starts, completes or fails). `cancel()` stops the run at its next yield.
 */
export function makeStreamingHost(target: StreamTarget): EngineHost & { cancel(): void; flush(): void } {
  let seq = 0;
  let batch: BacktestEvent[] = [];
  let cancelled = false;
  const flush = () => {
    if (batch.length === 0) return;
    const out = batch;
    batch = [];
    target.post(out);
  };
  return {
    wallNow: () => target.wallNow(),
    emit<T extends BacktestEventType>(type: T, data: BacktestEventData<T>) {
      batch.push({ type, seq: seq++, data } as BacktestEvent);
      if (
        batch.length >= BATCH_EVENTS ||
        type === "backtest_start" ||
        type === "backtest_complete" ||
        type === "backtest_error"
      )
        flush();
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
  };
}
