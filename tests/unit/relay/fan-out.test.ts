import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FanOut, type Outlet } from "../../../relay/fan-out.ts";
import type { RelayFrame, UpstreamAccount, UpstreamTick } from "../../../src/core/protocol/relay.ts";

/** An outlet whose socket buffer the test fills and empties. */
class FakeOutlet implements Outlet {
  frames: RelayFrame[] = [];
  bufferedAmount = 0;
  send(frame: Buffer | string) {
    this.frames.push(JSON.parse(frame.toString()));
  }
  sendLatest(_kind: string, frame: string) {
    this.send(frame);
  }
  /** `seq symbol` of each tick frame, `dropped n` for drop notices. */
  log(): string[] {
    return this.frames.flatMap((f) =>
      f.type === "tick" ? [`${f.seq} ${f.data.symbol}`] : f.type === "dropped" ? [`dropped ${f.count}`] : [],
    );
  }
}

let clock = 0;
const tick = (symbol: string, bid = 1.1): UpstreamTick => ({
  symbol,
  bid,
  ask: bid + 0.0001,
  last: 0,
  volume: 0,
  time_msc: Date.UTC(2024, 0, 2) + clock++,
});
const publishAll = (fanOut: FanOut, symbols: string[]) => {
  for (const symbol of symbols) fanOut.publish(tick(symbol), 0);
};

describe("fan-out", () => {
  it("numbers ticks from 1 across symbols and sends each client only its symbols", () => {
    const fanOut = new FanOut("r1");
    const euro = new FakeOutlet();
    const all = new FakeOutlet();
    fanOut.subscribe(fanOut.add(euro), ["EURUSD"]);
    fanOut.subscribe(fanOut.add(all), ["*"]);
    publishAll(fanOut, ["EURUSD", "USDJPY", "EURUSD"]);
    expect(euro.log()).toEqual(["1 EURUSD", "3 EURUSD"]);
    expect(all.log()).toEqual(["1 EURUSD", "2 USDJPY", "3 EURUSD"]);
    expect(fanOut.counters).toEqual({ ticksIn: 3, deliveries: 5, dropped: 0 });
  });

  it("sends nothing before subscribe, then starts with the next tick", () => {
    const fanOut = new FanOut("r1");
    const outlet = new FakeOutlet();
    const subscriber = fanOut.add(outlet);
    publishAll(fanOut, ["EURUSD", "EURUSD"]);
    fanOut.subscribe(subscriber, ["EURUSD"]);
    publishAll(fanOut, ["EURUSD"]);
    expect(outlet.log()).toEqual(["3 EURUSD"]);
  });

  it("stops a symbol on unsubscribe and reports the remaining subscription", () => {
    const fanOut = new FanOut("r1");
    const outlet = new FakeOutlet();
    const subscriber = fanOut.add(outlet);
    expect(fanOut.subscribe(subscriber, ["USDJPY", "EURUSD"])).toEqual(["EURUSD", "USDJPY"]);
    expect(fanOut.unsubscribe(subscriber, ["USDJPY"])).toEqual(["EURUSD"]);
    publishAll(fanOut, ["USDJPY", "EURUSD"]);
    expect(outlet.log()).toEqual(["2 EURUSD"]);
    expect(fanOut.unsubscribe(subscriber, ["*"])).toEqual([]);
  });

  it("refuses a subscribe past 1,000 symbols whole, and lets '*' and symbols already held through", () => {
    const fanOut = new FanOut("r1");
    const subscriber = fanOut.add(new FakeOutlet());
    const names = (from: number, count: number) => Array.from({ length: count }, (_, i) => `S${from + i}`);
    for (let k = 0; k < 3; k++) expect(fanOut.subscribe(subscriber, names(k * 256, 256))).toHaveLength((k + 1) * 256);
    expect(fanOut.subscribe(subscriber, names(768, 233))).toBeUndefined(); // 1,001
    expect(subscriber.symbols.size).toBe(768);
    expect(fanOut.subscribe(subscriber, [...names(768, 232), "S0", "S768"])).toHaveLength(1000);
    expect(fanOut.subscribe(subscriber, ["S1", "*"])).toEqual(["*"]);
    expect(fanOut.subscribe(subscriber, ["S1000"])).toBeUndefined();
    fanOut.unsubscribe(subscriber, ["S0"]);
    expect(fanOut.subscribe(subscriber, ["S1000"])).toEqual(["*"]);
  });

  it("resumes before subscribe with exactly the subscribed ticks after seq, in order", () => {
    const fanOut = new FanOut("r1");
    publishAll(fanOut, ["EURUSD", "USDJPY", "EURUSD", "EURUSD", "USDJPY"]);
    const outlet = new FakeOutlet();
    const subscriber = fanOut.add(outlet);
    expect(fanOut.resume(subscriber, 1, "r1")).toEqual({ type: "resumed", seq: 1, from_seq: 2, complete: true });
    fanOut.subscribe(subscriber, ["EURUSD"]);
    publishAll(fanOut, ["EURUSD"]);
    expect(outlet.log()).toEqual(["3 EURUSD", "4 EURUSD", "6 EURUSD"]);
  });

  it("says a resume is incomplete when the ticks are gone or from another relay run", () => {
    const fanOut = new FanOut("r1", { ringCapacity: 3 });
    publishAll(fanOut, ["A", "A", "A", "A", "A"]);
    const subscriber = fanOut.add(new FakeOutlet());
    expect(fanOut.resume(subscriber, 0, "r1")).toMatchObject({ from_seq: 3, complete: false });
    expect(fanOut.resume(subscriber, 3, "other")).toMatchObject({ from_seq: 6, complete: false });
    expect(fanOut.resume(subscriber, 9, "r1")).toMatchObject({ from_seq: 6, complete: false });
    expect(fanOut.resume(subscriber, 5, "r1")).toMatchObject({ from_seq: 6, complete: true });
    expect(fanOut.resume(subscriber, 4, "r1")).toMatchObject({ from_seq: 5, complete: true });
  });

  it("never calls a resume without relay_id complete: its seq may be another run's", () => {
    const fanOut = new FanOut("r1");
    publishAll(fanOut, ["A", "A", "A", "A", "A"]);
    const subscriber = fanOut.add(new FakeOutlet());
    expect(fanOut.resume(subscriber, 5)).toEqual({ type: "resumed", seq: 5, from_seq: 6, complete: false });
    expect(fanOut.resume(subscriber, 3)).toEqual({ type: "resumed", seq: 3, from_seq: 4, complete: false });
  });

  it("sends a new client the latest account state, and account frames only for what changed", () => {
    const fanOut = new FanOut("r1");
    const early = new FakeOutlet();
    fanOut.add(early);
    const account: UpstreamAccount = {
      balance: 1000,
      equity: 1005,
      margin: 20,
      free_margin: 985,
      positions: [
        { ticket: 1, symbol: "EURUSD", side: "buy", volume: 0.1, price_open: 1.1, sl: 0, tp: 0, profit: 5, swap: 0 },
      ],
    };
    fanOut.publishAccount(account, Date.UTC(2024, 0, 2));
    fanOut.publishAccount(account, Date.UTC(2024, 0, 2, 0, 0, 1));
    fanOut.publishAccount({ ...account, equity: 1006 }, Date.UTC(2024, 0, 2, 0, 0, 2));
    const events = early.frames.map((f) => (f.type === "account" ? f.data.event : f.type));
    expect(events).toEqual(["balance_update", "position_update", "balance_update"]);
    const late = new FakeOutlet();
    fanOut.add(late);
    expect(late.frames).toEqual([
      {
        type: "account",
        data: {
          event: "balance_update",
          balance: 1000,
          equity: 1006,
          margin: 20,
          free_margin: 985,
          time: "2024-01-02T00:00:02.000Z",
        },
      },
      expect.objectContaining({ data: expect.objectContaining({ event: "position_update" }) }),
    ]);
  });
});

describe("fan-out to a slow client", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["performance", "setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("conflates its backlog to the latest tick per symbol after a dropped count, while others get every tick", () => {
    const fanOut = new FanOut("r1", { maxBufferBytes: 1000, maxStallMs: 100, retryMs: 10 });
    const slow = new FakeOutlet();
    const fast = new FakeOutlet();
    fanOut.subscribe(fanOut.add(slow), ["EURUSD", "USDJPY"]);
    fanOut.subscribe(fanOut.add(fast), ["*"]);
    publishAll(fanOut, ["EURUSD"]);
    slow.bufferedAmount = 5000; // its socket stops draining
    publishAll(fanOut, ["EURUSD", "USDJPY", "GBPUSD", "EURUSD", "USDJPY", "EURUSD"]);
    vi.advanceTimersByTime(150);
    expect(slow.log()).toEqual(["1 EURUSD"]);
    slow.bufferedAmount = 0;
    vi.advanceTimersByTime(10);
    // Of the five wanted ticks 2…7 (GBPUSD is not wanted), the latest USDJPY (6) and EURUSD (7) remain.
    expect(slow.log()).toEqual(["1 EURUSD", "dropped 3", "6 USDJPY", "7 EURUSD"]);
    expect(slow.frames[1]).toEqual({ type: "dropped", count: 3, from_seq: 2, to_seq: 7 });
    expect(fast.log()).toEqual(["1 EURUSD", "2 EURUSD", "3 USDJPY", "4 GBPUSD", "5 EURUSD", "6 USDJPY", "7 EURUSD"]);
    expect(fanOut.counters.dropped).toBe(3);
    publishAll(fanOut, ["EURUSD"]);
    expect(slow.log().at(-1)).toBe("8 EURUSD");
  });

  it("lets a client that drains within the stall limit catch up without losing a tick", () => {
    const fanOut = new FanOut("r1", { maxBufferBytes: 1000, maxStallMs: 100, retryMs: 10 });
    const outlet = new FakeOutlet();
    fanOut.subscribe(fanOut.add(outlet), ["*"]);
    outlet.bufferedAmount = 5000;
    publishAll(fanOut, ["A", "B", "A"]);
    vi.advanceTimersByTime(50);
    expect(outlet.log()).toEqual([]);
    outlet.bufferedAmount = 0;
    vi.advanceTimersByTime(10);
    expect(outlet.log()).toEqual(["1 A", "2 B", "3 A"]);
  });
});
