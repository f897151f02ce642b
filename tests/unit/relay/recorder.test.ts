import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TickColumns } from "../../../src/core/data/types.ts";
import type { TickData } from "../../../src/core/protocol/relay.ts";
import { type RecorderStatus, TickRecorder } from "../../../src/ui/live/recorder.ts";
import type { RelayMark } from "../../../src/ui/live/relay-link.ts";

const tick = (symbol: string, timeMsc: number, last: number | null = null): TickData => ({
  symbol,
  bid: 1.1,
  ask: 1.1002,
  last,
  volume: 3,
  time: "",
  time_msc: timeMsc,
  spread: 2,
  digits: 5,
  flags: 6,
  received_msc: 0,
});

/** Tick `seq` of relay run "r1". */
const at = (seq: number): RelayMark => ({ relayId: "r1", seq });

describe("TickRecorder", () => {
  let stored: { symbol: string; ticks: TickColumns }[];
  let statuses: RecorderStatus[];
  let failNext: boolean;
  const append = async (symbol: string, ticks: TickColumns) => {
    if (failNext) {
      failNext = false;
      throw new Error("quota exceeded");
    }
    stored.push({ symbol, ticks });
  };

  beforeEach(() => {
    vi.useFakeTimers();
    stored = [];
    statuses = [];
    failNext = false;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("flushes each symbol's ticks as one batch of columns every interval", async () => {
    const recorder = new TickRecorder(append, (s) => statuses.push(s), 1000, 100);
    recorder.add(tick("EURUSD", 1), at(1)); // not recording yet: ignored
    recorder.start(undefined);
    recorder.add(tick("EURUSD", 10, 1.1001), at(10));
    recorder.add(tick("USDJPY", 11), at(11));
    recorder.add(tick("EURUSD", 12), at(12));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stored.map((s) => [s.symbol, [...s.ticks.time]])).toEqual([
      ["EURUSD", [10, 12]],
      ["USDJPY", [11]],
    ]);
    expect([...stored[0].ticks.last]).toEqual([1.1001, Number.NaN]);
    expect([...stored[0].ticks.flags]).toEqual([6, 6]);
    expect(stored[0].ticks.flags).toBeInstanceOf(Int32Array);
    expect(statuses.at(-1)).toEqual({
      recording: true,
      saved: 3,
      savedUpTo: at(12),
      pending: 0,
      error: undefined,
      lost: 0,
    });
    await recorder.stop();
  });

  it("flushes early once enough ticks wait, and on stop", async () => {
    const recorder = new TickRecorder(append, (s) => statuses.push(s), 60_000, 3);
    recorder.start(undefined);
    for (let i = 0; i < 300; i++) recorder.add(tick("EURUSD", i), at(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(stored.reduce((n, s) => n + s.ticks.length, 0)).toBe(300);
    recorder.add(tick("EURUSD", 300), at(300));
    await recorder.stop();
    expect(stored.at(-1)?.ticks.time[0]).toBe(300);
    expect(statuses.at(-1)).toMatchObject({ recording: false, saved: 301, pending: 0 });
  });

  it("keeps a batch the cache refused and sends it, in order, with the next flush", async () => {
    const recorder = new TickRecorder(append, (s) => statuses.push(s), 1000, 100);
    recorder.start(undefined);
    recorder.add(tick("EURUSD", 1), at(1));
    recorder.add(tick("EURUSD", 2), at(2));
    failNext = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses.at(-1)).toEqual({
      recording: true,
      saved: 0,
      savedUpTo: undefined,
      pending: 2,
      error: "quota exceeded",
      lost: 0,
    });
    recorder.add(tick("EURUSD", 3), at(3));
    await vi.advanceTimersByTimeAsync(1000);
    expect(stored.map((s) => [...s.ticks.time])).toEqual([[1, 2, 3]]);
    expect(statuses.at(-1)).toEqual({
      recording: true,
      saved: 3,
      savedUpTo: at(3),
      pending: 0,
      error: undefined,
      lost: 0,
    });
    await recorder.stop();
  });

  it("marks saved only the ticks taken before a flush, not one that arrives while the cache writes", async () => {
    let release: () => void = () => {};
    const slow = (symbol: string, ticks: TickColumns) => {
      stored.push({ symbol, ticks });
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    };
    const recorder = new TickRecorder(slow, (s) => statuses.push(s), 1000, 100);
    recorder.start(at(4)); // ticks up to 4 were seen before recording
    expect(statuses.at(-1)?.savedUpTo).toEqual(at(4));
    recorder.add(tick("EURUSD", 5), at(5));
    await vi.advanceTimersByTimeAsync(1000);
    recorder.add(tick("EURUSD", 6), at(6)); // while tick 5 is being written
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ saved: 1, savedUpTo: at(5), pending: 1 });
    const stopped = recorder.stop();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await stopped;
    expect(stored.map((s) => [...s.ticks.time])).toEqual([[5], [6]]);
    expect(statuses.at(-1)).toMatchObject({ recording: false, saved: 2, savedUpTo: at(6), pending: 0 });
  });

  it("holds at most maxUnsaved ticks while the cache refuses them, counting the ones it could not keep", async () => {
    const refuse = async () => {
      throw new Error("quota exceeded");
    };
    const recorder = new TickRecorder(refuse, (s) => statuses.push(s), 1000, 100, 3);
    recorder.start(undefined);
    for (let i = 1; i <= 5; i++) recorder.add(tick("EURUSD", i), at(i));
    await vi.advanceTimersByTimeAsync(1000);
    expect(statuses.at(-1)).toMatchObject({ saved: 0, pending: 3, lost: 2, error: "quota exceeded" });
    recorder.add(tick("EURUSD", 6), at(6));
    await recorder.stop();
    expect(statuses.at(-1)).toMatchObject({ recording: false, pending: 3, lost: 3, savedUpTo: undefined });
  });
});
