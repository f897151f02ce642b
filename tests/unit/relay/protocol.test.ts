import { describe, expect, it } from "vitest";
import {
  clientFrameSchemas,
  parseUpstreamMessage,
  reconnectDelayMs,
  relayFrameSchema,
} from "../../../src/core/protocol/relay.ts";

describe("client frames", () => {
  it("accept the four SPEC frames and auth", () => {
    expect(clientFrameSchemas.subscribe.parse({ type: "subscribe", symbols: ["EURUSD", "*"] }).symbols).toEqual([
      "EURUSD",
      "*",
    ]);
    expect(clientFrameSchemas.unsubscribe.safeParse({ type: "unsubscribe", symbols: ["EURUSD.m"] }).success).toBe(true);
    expect(clientFrameSchemas.ping.safeParse({ type: "ping", id: 7 }).success).toBe(true);
    expect(clientFrameSchemas.resume.parse({ type: "resume", seq: 41, relay_id: "ab12" }).seq).toBe(41);
    expect(clientFrameSchemas.auth.safeParse({ type: "auth", token: "s3cret" }).success).toBe(true);
  });

  it("refuse an empty symbol list, a bad symbol, a negative seq and unknown fields", () => {
    expect(clientFrameSchemas.subscribe.safeParse({ type: "subscribe", symbols: [] }).success).toBe(false);
    expect(clientFrameSchemas.subscribe.safeParse({ type: "subscribe", symbols: ["EUR USD"] }).success).toBe(false);
    expect(clientFrameSchemas.resume.safeParse({ type: "resume", seq: -1 }).success).toBe(false);
    expect(clientFrameSchemas.resume.safeParse({ type: "resume", seq: 1.5 }).success).toBe(false);
    expect(clientFrameSchemas.subscribe.safeParse({ type: "subscribe", symbol: ["EURUSD"] }).success).toBe(false);
  });
});

describe("upstream messages", () => {
  it("read the bridge's wrapped tick, with time in UTC seconds", () => {
    const message = parseUpstreamMessage({
      type: "tick",
      data: { symbol: "EURUSD", bid: 1.1, ask: 1.1002, last: 0, volume: 0, time: 1718000000, spread: 2 },
    });
    expect(message).toEqual({
      kind: "tick",
      tick: { symbol: "EURUSD", bid: 1.1, ask: 1.1002, last: 0, volume: 0, time_msc: 1_718_000_000_000 },
    });
  });

  it("read the EA's flat tick with time_msc, and an ISO time with an offset", () => {
    const flat = parseUpstreamMessage({
      type: "tick",
      symbol: "USDJPY",
      bid: 150.1,
      ask: 150.11,
      time_msc: 1718000000123,
    });
    expect(flat).toMatchObject({ tick: { time_msc: 1_718_000_000_123 } });
    const iso = parseUpstreamMessage({
      type: "tick",
      symbol: "USDJPY",
      bid: 150.1,
      ask: 150.11,
      time: "2024-06-10T08:00:00.250+02:00",
    });
    expect(iso).toMatchObject({ tick: { time_msc: Date.UTC(2024, 5, 10, 6, 0, 0, 250) } });
    expect(iso).not.toHaveProperty("tick.time");
  });

  it("refuse tick times outside 1970–2200 in every unit, before anything converts them", () => {
    const tick = { type: "tick", symbol: "EURUSD", bid: 1.1, ask: 1.1002 };
    const errors = [
      { time_msc: 1.718e18 }, // nanoseconds: past what Date can print
      { time_msc: 8.64e15 },
      { time: 8.64e12 }, // seconds, ≥ Date's range once multiplied
      { time: 1_718_000_000_123 }, // ms sent as seconds: year 56,000
      { time_msc: -1 },
      { time: "1969-12-31T23:59:59.999Z" },
      { time: "2200-01-01T00:00:00.001Z" },
      { time: "2024-02-30T00:00:00Z" },
    ].map((time) => parseUpstreamMessage({ ...tick, ...time }));
    expect(errors).toEqual([
      { error: "tick: time_msc: a tick time lies between 1970 and 2200" },
      { error: "tick: time_msc: a tick time lies between 1970 and 2200" },
      { error: "tick: time: a tick time lies between 1970 and 2200" },
      { error: "tick: time: a tick time lies between 1970 and 2200" },
      { error: "tick: time_msc: a tick time lies between 1970 and 2200" },
      { error: "tick: time: a tick time lies between 1970 and 2200" },
      { error: "tick: time: a tick time lies between 1970 and 2200" },
      { error: expect.stringMatching(/^tick: time: /) },
    ]);
    expect(parseUpstreamMessage({ ...tick, time: "2199-12-31T23:59:59.999Z" })).toMatchObject({
      tick: { time_msc: Date.UTC(2199, 11, 31, 23, 59, 59, 999) },
    });
    expect(parseUpstreamMessage({ ...tick, time_msc: 0 })).toMatchObject({ tick: { time_msc: 0 } });
  });

  it("refuse a negative spread, prices that are not positive and finite, and absurd ones", () => {
    const tick = { type: "tick", symbol: "EURUSD", time_msc: 1_718_000_000_000 };
    expect(parseUpstreamMessage({ ...tick, bid: 1.1002, ask: 1.1 })).toEqual({ error: "tick: ask: ask is below bid" });
    expect(parseUpstreamMessage({ ...tick, bid: 0, ask: 1.1 })).toHaveProperty(
      "error",
      expect.stringMatching(/^tick: bid:/),
    );
    expect(parseUpstreamMessage({ ...tick, bid: 1.1, ask: JSON.parse("1e400") })).toHaveProperty(
      "error",
      expect.stringMatching(/^tick: ask:/),
    );
    expect(parseUpstreamMessage({ ...tick, bid: 2e12, ask: 2e12 })).toHaveProperty(
      "error",
      expect.stringMatching(/^tick: bid:/),
    );
    expect(parseUpstreamMessage({ ...tick, bid: 1.1, ask: 1.1 })).toMatchObject({ kind: "tick" });
  });

  it("read an account snapshot with positions, filling MT5's defaults", () => {
    const message = parseUpstreamMessage({
      type: "account",
      balance: 10000,
      equity: 10012.5,
      margin: 110,
      free_margin: 9902.5,
      positions: [{ ticket: 5, symbol: "EURUSD", side: "buy", volume: 0.1, price_open: 1.1, profit: 12.5 }],
    });
    expect(message).toMatchObject({
      kind: "account",
      account: { equity: 10012.5, positions: [{ ticket: 5, sl: 0, tp: 0, swap: 0 }] },
    });
  });

  it("name the field of a bad tick, and ignore the bridge's own acknowledgements", () => {
    expect(parseUpstreamMessage({ type: "tick", symbol: "EURUSD", bid: -1, ask: 1, time_msc: 1 })).toEqual({
      error: "tick: bid: Too small: expected number to be >0",
    });
    expect(parseUpstreamMessage({ type: "tick", symbol: "EURUSD", bid: 1, ask: 1 })).toEqual({
      error: "tick: time_msc: a tick needs time_msc (UTC ms) or time (UTC seconds or ISO 8601)",
    });
    expect(
      parseUpstreamMessage({ type: "tick", symbol: "EURUSD", bid: 1, ask: 1, time: "2024-06-10 08:00" }),
    ).toHaveProperty("error");
    expect(parseUpstreamMessage({ type: "subscribed", symbols: ["EURUSD"] })).toEqual({
      kind: "other",
      type: "subscribed",
    });
    expect(parseUpstreamMessage({ type: "order" })).toEqual({ error: 'unknown message type "order"' });
    expect(parseUpstreamMessage([1])).toEqual({ error: "not a JSON object" });
  });
});

describe("relay frames", () => {
  it("validate a tick frame and reject one without seq", () => {
    const data = {
      symbol: "EURUSD",
      bid: 1.1,
      ask: 1.10012,
      last: null,
      volume: 0,
      time: "2024-06-10T06:00:00.250Z",
      time_msc: 1718000000250,
      spread: 1.2,
      digits: 5,
      flags: 6,
      received_msc: 1718000000251.5,
    };
    expect(relayFrameSchema.safeParse({ type: "tick", seq: 1, data }).success).toBe(true);
    expect(relayFrameSchema.safeParse({ type: "tick", data }).success).toBe(false);
  });
});

describe("reconnectDelayMs", () => {
  it("doubles from 250 ms to a 10 s cap, less up to a fifth of jitter", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 30].map((attempt) => reconnectDelayMs(attempt, 0))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 10000, 10000,
    ]);
    expect(reconnectDelayMs(2, 0.5)).toBe(900);
    expect(reconnectDelayMs(6, 0.999)).toBe(8002);
  });
});
