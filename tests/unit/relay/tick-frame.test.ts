import { describe, expect, it } from "vitest";
import { priceScaleOf, TickFramer, tickData } from "../../../relay/tick-frame.ts";

describe("priceScaleOf", () => {
  it("uses the built-in instrument, also behind a broker suffix", () => {
    expect(priceScaleOf("EURUSD")).toEqual({ pipSize: 0.0001, digits: 5 });
    expect(priceScaleOf("USDJPY.m")).toEqual({ pipSize: 0.01, digits: 3 });
    expect(priceScaleOf("xauusd")).toEqual({ pipSize: 0.1, digits: 2 });
    expect(priceScaleOf("#US500", 1)).toEqual({ pipSize: 1, digits: 2 });
  });

  it("sizes unknown symbols from their digits, else 5 digits and 0.0001", () => {
    expect(priceScaleOf("EURPLN", 5)).toEqual({ pipSize: 0.0001, digits: 5 });
    expect(priceScaleOf("EURHUF", 3)).toEqual({ pipSize: 0.01, digits: 3 });
    expect(priceScaleOf("DE40", 1)).toEqual({ pipSize: 0.1, digits: 1 });
    expect(priceScaleOf("EURPLN")).toEqual({ pipSize: 0.0001, digits: 5 });
  });
});

describe("tick frames", () => {
  it("carry ISO time, spread in pips and null for a missing last", () => {
    const data = tickData(
      { symbol: "EURUSD", bid: 1.08512, ask: 1.08524, last: 0, volume: 0, time_msc: Date.UTC(2024, 0, 2, 9, 30, 0, 5) },
      { pipSize: 0.0001, digits: 5 },
      1704187800006.25,
    );
    expect(data).toEqual({
      symbol: "EURUSD",
      bid: 1.08512,
      ask: 1.08524,
      last: null,
      volume: 0,
      time: "2024-01-02T09:30:00.005Z",
      time_msc: 1704187800005,
      spread: 1.2,
      digits: 5,
      flags: 6,
      received_msc: 1704187800006.25,
    });
  });

  it("are encoded once with their seq", () => {
    const frame = new TickFramer().frame(
      9,
      { symbol: "USDJPY", bid: 150.123, ask: 150.131, last: 0, volume: 2, time_msc: 0, flags: 6 },
      1,
    );
    const parsed = JSON.parse(frame.toString());
    expect(parsed.seq).toBe(9);
    expect(parsed.data.spread).toBe(0.8);
  });
});
