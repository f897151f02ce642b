import { describe, expect, it } from "vitest";
import {
  clientFrameSchemas,
  parseUpstreamMessage,
  reconnectDelayMs,
  relayFrameSchema,
  upstreamTickTime,
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
    expect(message).toMatchObject({ kind: "tick", tick: { symbol: "EURUSD", bid: 1.1, ask: 1.1002 } });
    if ("tick" in message) expect(upstreamTickTime(message.tick)).toBe(1_718_000_000_000);
  });

  it("read the EA's flat tick with time_msc, and an ISO time with an offset", () => {
    const flat = parseUpstreamMessage({
      type: "tick",
      symbol: "USDJPY",
      bid: 150.1,
      ask: 150.11,
      time_msc: 1718000000123,
    });
    if (!("tick" in flat)) throw new Error("not a tick");
    expect(upstreamTickTime(flat.tick)).toBe(1_718_000_000_123);
    const iso = parseUpstreamMessage({
      type: "tick",
      symbol: "USDJPY",
      bid: 150.1,
      ask: 150.11,
      time: "2024-06-10T08:00:00.250+02:00",
    });
    if (!("tick" in iso)) throw new Error("not a tick");
    expect(upstreamTickTime(iso.tick)).toBe(Date.UTC(2024, 5, 10, 6, 0, 0, 250));
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
