import { describe, expect, it } from "vitest";
import type { TickData } from "../../../src/core/protocol/relay.ts";
import { TickBook } from "../../../src/ui/live/tick-book.ts";

const tick = (symbol: string, bid: number, timeMsc: number): TickData => ({
  symbol,
  bid,
  ask: bid + 0.0001,
  last: null,
  volume: 0,
  time: new Date(timeMsc).toISOString(),
  time_msc: timeMsc,
  spread: 1,
  digits: 5,
  flags: 6,
  received_msc: timeMsc,
});

describe("TickBook", () => {
  it("keeps the latest quote per symbol with the direction of the last bid change", () => {
    const book = new TickBook();
    book.add(tick("EURUSD", 1.1, 1));
    book.add(tick("EURUSD", 1.1002, 2));
    book.add(tick("EURUSD", 1.1002, 3)); // unchanged bid keeps the last direction
    book.add(tick("USDJPY", 150, 4));
    book.add(tick("USDJPY", 149.9, 5));
    expect(book.snapshot()).toEqual([
      { symbol: "EURUSD", bid: 1.1002, ask: 1.1003, spread: 1, digits: 5, timeMsc: 3, direction: 1, count: 3 },
      { symbol: "USDJPY", bid: 149.9, ask: 149.9001, spread: 1, digits: 5, timeMsc: 5, direction: -1, count: 2 },
    ]);
    expect(book.version).toBe(5);
  });

  it("keeps the last ticks of each symbol for the chart, oldest first", () => {
    const book = new TickBook(3);
    for (let i = 1; i <= 5; i++) book.add(tick("EURUSD", 1 + i / 100, i));
    const seen: number[] = [];
    book.window("EURUSD")?.forEachSince(0, (time) => seen.push(time));
    expect(seen).toEqual([3, 4, 5]);
    const since: number[] = [];
    book.window("EURUSD")?.forEachSince(4, (time) => since.push(time));
    expect(since).toEqual([5]);
  });
});
