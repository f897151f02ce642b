import { afterEach, describe, expect, it, vi } from "vitest";
import { makeReplayUpstream } from "../../../relay/upstream/replay.ts";
import { syntheticReplayDay, syntheticTape } from "../../../relay/upstream/synthetic-tape.ts";
import { mergeTicks } from "../../../relay/upstream/tape.ts";
import type { UpstreamSink } from "../../../relay/upstream/upstream.ts";
import type { TickColumns } from "../../../src/core/data/types.ts";
import type { UpstreamTick } from "../../../src/core/protocol/relay.ts";

function columns(times: number[], bid: number): TickColumns {
  const n = times.length;
  return {
    length: n,
    time: Float64Array.from(times),
    bid: new Float64Array(n).fill(bid),
    ask: new Float64Array(n).fill(bid + 0.0002),
    last: new Float64Array(n).fill(Number.NaN),
    volume: new Float64Array(n),
    flags: new Int32Array(n).fill(6),
  };
}

describe("mergeTicks", () => {
  it("interleaves symbols by time, the earlier series first on ties", () => {
    const tape = mergeTicks([
      { symbol: "EURUSD", ticks: columns([0, 20, 30], 1.1) },
      { symbol: "USDJPY", ticks: columns([10, 20], 150) },
    ]);
    expect([...tape.time]).toEqual([0, 10, 20, 20, 30]);
    expect([...tape.symbol]).toEqual([0, 1, 0, 1, 0]);
  });
});

describe("synthetic replay", () => {
  it("replays the latest Tuesday–Thursday, skipping Christmas and New Year", () => {
    expect(new Date(syntheticReplayDay(Date.UTC(2026, 10, 23, 10))).toISOString()).toBe("2026-11-19T00:00:00.000Z");
    expect(new Date(syntheticReplayDay(Date.UTC(2026, 10, 19, 10))).toISOString()).toBe("2026-11-18T00:00:00.000Z");
    expect(new Date(syntheticReplayDay(Date.UTC(2025, 11, 27, 10))).toISOString()).toBe("2025-12-23T00:00:00.000Z");
    expect(new Date(syntheticReplayDay(Date.UTC(2026, 0, 3, 10))).toISOString()).toBe("2025-12-23T00:00:00.000Z");
  });

  it("starts at the time of day it is now", () => {
    const now = Date.UTC(2026, 10, 23, 13, 30);
    const { tape, startAtMs } = syntheticTape(["EURUSD"], now);
    expect(startAtMs).toBe(Date.UTC(2026, 10, 19, 13, 30));
    expect(tape.time[0]).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 19));
    expect(tape.time[tape.length - 1]).toBeLessThan(Date.UTC(2026, 10, 20));
  });
});

describe("replay upstream", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends ticks at their spacing divided by the speed, restamped to now, and loops", async () => {
    vi.useFakeTimers({ toFake: ["performance", "setTimeout", "clearTimeout"], now: 1_000_000 });
    const tape = mergeTicks([{ symbol: "EURUSD", ticks: columns([5000, 5200, 6000], 1.1) }]);
    const upstream = makeReplayUpstream("test", tape, { speed: 2, startAtMs: 5200 });
    const sent: { at: number; tick: UpstreamTick }[] = [];
    const sink: UpstreamSink = {
      tick: (tick) => sent.push({ at: performance.timeOrigin + performance.now(), tick }),
      account: () => {},
      state: () => {},
      bad: () => {},
      refused: () => {},
      relayId: "test",
      history: () => {},
    };
    await upstream.start(sink);
    const start = performance.timeOrigin + performance.now();
    vi.advanceTimersByTime(1000);
    // 5200 at once, 6000 after 800/2 = 400 ms, then the loop: 5000 after a 1000/2 ms pause, 5200 100 ms later.
    expect(sent.map((s) => Math.round(s.at - start))).toEqual([0, 400, 900, 1000]);
    expect(sent.map((s) => s.tick.time_msc)).toEqual([start, start + 400, start + 900, start + 1000].map(Math.round));
    expect(sent[0].tick).toMatchObject({ symbol: "EURUSD", last: 0, volume: 0, flags: 6 });
    expect(upstream.info()).toEqual({ ticks: 3, speed: 2, loops: 1 });
    await upstream.stop();
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(4);
  });
});
