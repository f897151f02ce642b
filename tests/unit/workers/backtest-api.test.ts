import { afterEach, describe, expect, it } from "vitest";
import type { BacktestResult } from "../../../src/core/engine/backtest.ts";
import { PipscopeError } from "../../../src/core/errors.ts";
import type { BacktestEvent } from "../../../src/core/protocol/backtest.ts";
import { runChannelName } from "../../../src/core/protocol/backtest.ts";
import { type PackedEvents, unpackEvents } from "../../../src/core/protocol/event-batch.ts";
import type { MarketData, RunCalendar } from "../../../src/core/run/index.ts";
import type { RunRecord } from "../../../src/store/runs.ts";
import { makeBacktestApi } from "../../../src/workers/backtest-api.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { EURUSD } from "../engine/fixtures.ts";

const H1 = 3_600_000;

/** Hourly random-walk bars from 2024-01-01, whatever the request: the API's mechanics are under test. */
const market: MarketData = {
  instruments: async () => [EURUSD],
  async bars(_symbol, _timeframe, from, to) {
    const n = Math.floor((to - from) / H1);
    const bars = randomWalkBars(n);
    for (let i = 0; i < n; i++) bars.time[i] = from + i * H1;
    return { rows: bars, startIndex: 0, label: "test walk" };
  },
  async ticks() {
    throw new Error("no ticks here");
  },
};
const calendar: RunCalendar = {
  sessions: (time) => ({
    ids: [],
    mask: new Uint8Array(time.length),
    primary: new Uint8Array(time.length),
    labels: ["CLOSED"],
  }),
  rollovers: () => ({ time: new Float64Array(0), days: new Uint8Array(0) }),
};

function config(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    session_name: "walk",
    mode: "backtest",
    backtest_config: { start_date: "2024-01-01", backtest_days: 200 },
    session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"] },
    strategy: { id: "ma_cross", parameters: { fast: 5, slow: 20 } },
    ...overrides,
  });
}

/** The API over in-memory stores; `storing` stands in for IndexedDB's write of a result. */
function setup(storing: () => Promise<void> = async () => {}) {
  const runs = new Map<string, RunRecord>();
  const results = new Map<string, BacktestResult>();
  const stored: PackedEvents[] = [];
  const live = new Set<string>();
  let next = 0;
  const api = makeBacktestApi({
    marketData: market,
    calendar: () => calendar,
    saveRun: async (run) => void runs.set(run.backtest_id, run),
    async completeRun(run, result, last) {
      await storing();
      runs.set(run.backtest_id, { ...run, status: "complete" });
      results.set(run.backtest_id, result);
      if (last) stored.push(last);
    },
    saveEvents: async (_id, packed) => void stored.push(packed),
    now: () => Date.now(),
    newId: () => `run-${next++}`,
    holdLive: async (id, ended) => {
      live.add(id);
      void ended.then(() => live.delete(id));
    },
  });
  return { api, runs, results, stored, live };
}

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

describe("backtest worker API", () => {
  it("streams every event in order on the run's channel, stores them, and records the result", async () => {
    const { api, runs, results, stored } = setup();
    const received: BacktestEvent[] = [];
    const listener = new BroadcastChannel(runChannelName("run-0"));
    channels.push(listener);
    listener.onmessage = (m) => received.push(...unpackEvents(m.data as PackedEvents));
    const id = await api.start(config());
    expect(id).toBe("run-0");
    expect(runs.get(id)?.status).toBe("running");
    await api.settled(id);
    await expect.poll(() => received.at(-1)?.type).toBe("backtest_complete");
    expect(received.map((e) => e.seq)).toEqual(received.map((_, i) => i));
    const replay = stored.flatMap(unpackEvents);
    expect(replay).toEqual(received);
    expect(runs.get(id)?.status).toBe("complete");
    expect(results.get(id)?.metrics.trades).toBeGreaterThan(10);
  });

  it("says a run is complete only once its result is stored (issue 17: complete means stored)", async () => {
    let storedAt = 0;
    const { api } = setup(async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      storedAt = performance.now();
    });
    const listener = new BroadcastChannel(runChannelName("run-0"));
    channels.push(listener);
    let heardAt = 0;
    listener.onmessage = (m) => {
      if (unpackEvents(m.data as PackedEvents).some((e) => e.type === "backtest_complete")) heardAt = performance.now();
    };
    await api.settled(await api.start(config()));
    await expect.poll(() => heardAt).toBeGreaterThan(0);
    expect(storedAt).toBeGreaterThan(0);
    expect(heardAt).toBeGreaterThanOrEqual(storedAt);
  });

  it("a result the browser cannot store ends the run 'error', saying so to its viewers", async () => {
    const { api, runs, results, stored } = setup(async () => {
      throw new DOMException("the quota is exceeded", "QuotaExceededError");
    });
    const id = await api.start(config());
    await api.settled(id);
    expect(runs.get(id)?.status).toBe("error");
    expect(results.has(id)).toBe(false);
    const events = stored.flatMap(unpackEvents);
    expect(events.some((e) => e.type === "backtest_complete")).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: "backtest_error",
      data: { error: "the run finished, but this browser could not store its result: the quota is exceeded" },
    });
  });

  it("rejects a bad config before anything is stored, naming the path", async () => {
    const { api, runs } = setup();
    await expect(api.start(config({ variant: 3 }))).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    await expect(
      api.start(config({ strategy: { id: "ma_cross", parameters: { fast: 50, slow: 20 } } })),
    ).rejects.toMatchObject({
      code: "STRATEGY_BAD_PARAM",
    });
    expect(runs.size).toBe(0);
  });

  it("a run whose data cannot load ends 'error' with a backtest_error event naming the problem", async () => {
    const { api, runs, stored } = setup();
    const id = await api.start(config(), {
      market: {
        ...market,
        bars: async () => {
          throw new PipscopeError("DATA_NO_DATASET", "no dataset 'EURUSD/bars/M1' in the cache");
        },
      },
    });
    await api.settled(id);
    expect(runs.get(id)?.status).toBe("error");
    const events = stored.flatMap(unpackEvents);
    expect(events.map((e) => e.type)).toEqual(["backtest_error"]);
    expect(events[0].data).toMatchObject({ error: "no dataset 'EURUSD/bars/M1' in the cache" });
  });

  it("cancels a running run: it ends 'cancelled' with a backtest_error event", async () => {
    const { api, runs, stored } = setup();
    const id = await api.start(
      config({ backtest_config: { start_date: "2024-01-01", backtest_days: 200, speed_multiplier: 3_600_000 } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.cancel(id)).toBe(true);
    await api.settled(id);
    expect(runs.get(id)?.status).toBe("cancelled");
    const last = unpackEvents(stored.at(-1) as PackedEvents).at(-1);
    expect(last?.type).toBe("backtest_error");
    expect(api.cancel(id)).toBe(false);
  });

  it("a run is marked live from the moment start resolves until it has ended", async () => {
    const { api, live } = setup();
    const id = await api.start(config());
    expect(live.has(id)).toBe(true);
    await api.settled(id);
    await Promise.resolve();
    expect(live.has(id)).toBe(false);
  });

  it("plans with the market's own instrument specs before the defaults", async () => {
    const { api, results } = setup();
    const plain = await api.start(config());
    await api.settled(plain);
    const doubled = { ...EURUSD, contractSize: 2 * EURUSD.contractSize };
    const edited = await api.start(config(), { market: { ...market, instruments: async () => [doubled] } });
    await api.settled(edited);
    const pnl = (id: string) => results.get(id)?.trades.map((t) => t.grossPnl) ?? [];
    expect(pnl(edited).length).toBeGreaterThan(0);
    expect(pnl(edited)).toEqual(pnl(plain).map((p) => expect.closeTo(2 * p, 6)));
  });
});
