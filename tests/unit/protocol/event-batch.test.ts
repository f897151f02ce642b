import { describe, expect, it } from "vitest";
import type { BacktestResult } from "../../../src/core/engine/backtest.ts";
import { BATCH_EVENTS, makeQuietHost, makeStreamingHost } from "../../../src/core/engine/stream.ts";
import { type TradeLineContext, tradeEvents } from "../../../src/core/engine/trade-events.ts";
import { TradeLog, writeTradeRow } from "../../../src/core/engine/trade-log.ts";
import type { BacktestEvent } from "../../../src/core/protocol/backtest.ts";
import {
  decodeEventBatch,
  EventPacker,
  type PackedEvents,
  packEvents,
  unpackEvents,
} from "../../../src/core/protocol/event-batch.ts";
import { createStrategy } from "../../../src/core/strategy/index.ts";
import { randomWalkBars } from "../../bench/engine.bench.ts";
import { bars, recordingHost, run, script } from "../engine/fixtures.ts";

/** One run, recorded twice: as SPEC events by the tests' host, and as the streaming host posts it. */
async function streamedRun(fast = 5, slow = 20) {
  const strategy = createStrategy("ma_cross", { fast, slow });
  const data = randomWalkBars(3_000);
  const overrides = { strategy: { id: "ma_cross", ...strategy }, sizing: { mode: "fixed" as const, lots: 0.37 } };
  // Both hosts read a wall clock that stands still, so timings and progress events agree.
  const now = () => 1_700_000_000_000;
  const recorded = await run(data, createStrategy("ma_cross", { fast, slow }).instance, overrides, {
    ...recordingHost(),
    wallNow: now,
  });
  const batches: PackedEvents[] = [];
  const streaming = makeStreamingHost({
    wallNow: now,
    post: (batch) => batches.push(batch),
    yield: async () => {},
    sleep: async () => {},
  });
  // `run` reads no events from a streaming host.
  await run(data, strategy.instance, overrides, Object.assign(streaming, { events: [] }));
  return { expected: recorded.host.events, batches };
}

const CONTEXT: TradeLineContext = { backtestId: "r", symbol: "USDJPY", digits: 3, currency: "USD" };

describe("packed event batches", () => {
  it("give back every event of a run: the same events, seqs and log lines as written one by one", async () => {
    const { expected, batches } = await streamedRun();
    const events = batches.flatMap((batch) => unpackEvents(structuredClone(batch)));
    const withoutClock = (e: BacktestEvent) =>
      JSON.parse(
        JSON.stringify(e, (key, value) => (["timestamp", "duration_seconds", "seq"].includes(key) ? 0 : value)),
      );
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    expect(events.filter((e) => e.type === "trade").length).toBeGreaterThan(200);
    expect(events.filter((e) => e.type !== "backtest_progress").map(withoutClock)).toEqual(
      expected.filter((e) => e.type !== "backtest_progress").map(withoutClock),
    );
    expect(events.some((e) => e.type === "log_entry" && e.data.message.startsWith("fill BUY 0.37 EURUSD @ "))).toBe(
      true,
    );
    for (const batch of batches) expect(batch.count).toBeLessThanOrEqual(BATCH_EVENTS + 1);
  });

  it("carry a result's trades as figures: exact, and without their JSON", async () => {
    const { expected, batches } = await streamedRun();
    const resultOf = (events: BacktestEvent[]) => {
      const complete = events.find((e) => e.type === "backtest_complete");
      if (complete?.type !== "backtest_complete") throw new Error("the run has no backtest_complete event");
      return complete.data.results as BacktestResult;
    };
    const last = batches.at(-1) as PackedEvents;
    const trades = resultOf(expected).trades;
    expect(trades.length).toBeGreaterThan(100);
    expect(resultOf(unpackEvents(last)).trades).toEqual(trades);
    expect(last.text).not.toContain('"exitReason"');
  });

  it("send a string equal to the previous one of its kind once, and are far smaller than JSON", async () => {
    const { batches } = await streamedRun();
    const trading = batches.find((b) => b.count > 100) as PackedEvents;
    expect(trading.text.split("pipscope.").length).toBeLessThanOrEqual(3);
    const bytes = (b: PackedEvents) => b.text.length + b.ints.byteLength + b.numbers.byteLength;
    const json = batches.reduce((sum, b) => sum + JSON.stringify(unpackEvents(b)).length, 0);
    expect(batches.reduce((sum, b) => sum + bytes(b), 0)).toBeLessThan(json / 2);
  });

  it("keep stops, targets, comments, sessions, partial lots and a stop-out's warning level", () => {
    const packer = new EventPacker();
    const trade = {
      id: 1,
      positionId: 3,
      side: "short" as const,
      lots: 0.05,
      entryTime: Date.UTC(2024, 0, 2),
      entryPrice: 150.123,
      exitTime: Date.UTC(2024, 0, 3),
      exitPrice: 151.5,
      entryIndex: 0,
      exitIndex: 1,
      pnl: -45.5,
      grossPnl: -45,
      pips: -137.7,
      commission: 0.5,
      swap: -0,
      mae: 140,
      mfe: 3,
      sl: 151.5,
      tp: null,
      entryEquity: 1234.5,
      session: "TOKYO",
      exitReason: "stop_out" as const,
      comment: "a ✓ comment",
    };
    const position = { id: 8, side: 1 as const, lots: 1, entryTime: 3, entryPrice: 150.2, sl: Number.NaN, tp: 151 };
    const log = new TradeLog();
    const at = log.book(trade.session, trade.exitReason, trade.comment);
    writeTradeRow(log.rows, at, trade);
    expect(log.at(0)).toEqual(trade);
    packer.trade({ action: "close", log, index: 0 }, CONTEXT, 1_700_000_000_000.7, 10);
    packer.trade({ action: "open", position, orderType: "limit" }, CONTEXT, 1_700_000_000_001, 12);
    const events = unpackEvents(packer.take());
    expect(events).toEqual([
      ...tradeEvents({ action: "close", trade }, CONTEXT, 1_700_000_000_000.7, 10),
      ...tradeEvents({ action: "open", position, orderType: "limit" }, CONTEXT, 1_700_000_000_001, 12),
    ]);
    expect(events.map((e) => (e.type === "log_entry" ? `${e.data.level} ${e.data.message}` : e.type))).toEqual([
      "WARNING close short 0.05 USDJPY @ 151.500 (stop out): -137.7 pips, -45.50 USD",
      "trade",
      "INFO fill BUY 1.00 USDJPY @ 150.200 (limit) tp 151.000",
      "trade",
    ]);
    expect(events[1].data).toMatchObject({ trade: { sl: 151.5, tp: null, comment: "a ✓ comment" } });
    expect(Object.is((events[1].data as { trade: { swap: number } }).trade.swap, -0)).toBe(true);
    expect(events[3].data).toMatchObject({ trade: { sl: null, tp: 151 } });
  });

  it("a batch taken keeps its events while the packer goes on packing the next", () => {
    const packer = new EventPacker();
    const position = (id: number) => ({ id, side: 1 as const, lots: id, entryTime: id, entryPrice: 1, sl: 1, tp: 2 });
    const fill = (id: number) => ({ action: "open" as const, position: position(id), orderType: "market" as const });
    const expected = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => tradeEvents(fill(from + i), CONTEXT, 5, 2 * (from + i))).flat();
    for (let id = 0; id < 3_000; id++) packer.trade(fill(id), CONTEXT, 5, 2 * id);
    const full = packer.take(); // most of the packer's arrays: handed over whole
    for (let id = 3_000; id < 6_000; id++) packer.trade(fill(id), CONTEXT, 5, 2 * id);
    packer.trade(fill(6_000), CONTEXT, 5, 12_000);
    const next = packer.take();
    packer.trade(fill(6_001), CONTEXT, 5, 12_002);
    const small = packer.take(); // a few events: copied to their size
    expect(unpackEvents(full)).toEqual(expected(0, 3_000));
    expect(unpackEvents(next)).toEqual(expected(3_000, 3_001));
    expect(unpackEvents(small)).toEqual(expected(6_001, 1));
    expect(small.numbers.buffer.byteLength).toBe(small.numbers.byteLength);
  });

  it("reject a malformed batch with EVENTS_BAD_BATCH and say what is wrong", async () => {
    const packed = (await streamedRun()).batches[1];
    const bad = (change: Partial<PackedEvents>) => () => unpackEvents({ ...packed, ...change });
    expect(bad({ format: "other" as PackedEvents["format"] })).toThrow(/format is "other"/);
    expect(bad({ format: "other" as PackedEvents["format"] })).toThrow(
      expect.objectContaining({ code: "EVENTS_BAD_BATCH" }),
    );
    expect(bad({ text: packed.text.slice(0, 10) })).toThrow(/text is shorter/);
    expect(bad({ ints: packed.ints.slice(0, 5) })).toThrow(/ends in the middle of an event/);
    expect(bad({ ints: Int32Array.from([9, 0]), count: 1 })).toThrow(/unknown kind 9/);
    expect(bad({ ints: Int32Array.from([2, 0, -1]), count: 2 })).toThrow(/before the run it belongs to is named/);
    expect(bad({ numbers: new Float64Array(0) })).toThrow(/fewer figures/);
    expect(() => decodeEventBatch("[{")).toThrow(/JSON does not parse/);
  });

  it("decode the JSON text that earlier versions posted and stored", async () => {
    const { host } = await run(
      bars([
        [1, 1.1, 0.9, 1],
        [1, 1.1, 0.9, 1],
      ]),
      script({ 0: (ctx) => ctx.buy() }),
    );
    expect(decodeEventBatch(JSON.stringify(host.events))).toEqual(host.events);
    expect(decodeEventBatch(packEvents(host.events))).toEqual(host.events);
  });
});

describe("the quiet host (pipscope backtest --quiet)", () => {
  it("builds no log line, yet the run's result is the streamed run's", async () => {
    const data = randomWalkBars(3_000);
    const overrides = { sizing: { mode: "fixed" as const, lots: 0.37 } };
    const clock = { wallNow: () => 1_700_000_000_000, yield: async () => {}, sleep: async () => {} };
    const streamed = await run(
      data,
      createStrategy("ma_cross", { fast: 5, slow: 20 }).instance,
      overrides,
      Object.assign(makeStreamingHost({ ...clock, post: () => {} }), { events: [] }),
    );
    const heard: string[] = [];
    // Every event the engine emits is recorded, whatever the quiet host would pass on.
    const quiet = Object.assign(makeQuietHost(clock), { emit: (type: string) => heard.push(type) });
    const silent = await run(
      data,
      createStrategy("ma_cross", { fast: 5, slow: 20 }).instance,
      overrides,
      Object.assign(quiet, { events: [] }),
    );
    expect(silent.trades.length).toBeGreaterThan(100);
    expect(silent.result.trades).toEqual(streamed.result.trades);
    expect(silent.result.metrics).toEqual(streamed.result.metrics);
    // No log line reached the host: the engine built none, knowing nobody reads them.
    expect(heard).not.toContain("log_entry");
    expect(heard).toContain("backtest_complete");
  });
});
