import { describe, expect, it } from "vitest";
import { type BotManifest, manifestSchema } from "../../../src/core/router/bot.ts";
import { CircuitBreaker } from "../../../src/core/router/breaker.ts";
import { BotGate, type RouterColumns } from "../../../src/core/router/eligibility.ts";
import { killZoneColumn } from "../../../src/core/router/kill-zones.ts";
import { REGIME_CODE } from "../../../src/core/router/regime.ts";
import { KillZones } from "../../../src/core/time/index.ts";

const H1 = 3_600_000;
const T0 = Date.UTC(2024, 0, 2, 6); // Tuesday 06:00 UTC (London is on UTC in January)
const time = Float64Array.from({ length: 8 }, (_, i) => T0 + i * H1); // 06:00 … 13:00 UTC
const { TREND_UP, RANGE } = REGIME_CODE;
const columns: RouterColumns = {
  time,
  // Row 0–1 no session, 2–6 LONDON (bit 2), 7 LONDON and NEW_YORK.
  sessions: {
    ids: ["SYDNEY", "ASIAN", "LONDON", "NEW_YORK"],
    mask: Uint8Array.from([0, 0, 4, 4, 4, 4, 4, 12]),
    primary: new Uint8Array(8),
    labels: ["CLOSED"],
  },
  regime: Uint8Array.from([RANGE, RANGE, TREND_UP, TREND_UP, RANGE, TREND_UP, TREND_UP, TREND_UP]),
  // NFP 13:30, zone [13:00, 14:00): the 12:00 row (6), whose orders fill at 13:00, is inside.
  killZones: killZoneColumn(
    time,
    new KillZones(
      [
        {
          time: Date.UTC(2024, 0, 2, 13, 30),
          allDay: false,
          currency: "USD",
          impact: "High",
          title: "Non-Farm Payrolls",
          forecast: "",
          previous: "",
        },
      ],
      ["EUR", "USD"],
      { minutesBefore: 30, minutesAfter: 30, impacts: ["High"] },
    ),
    false,
  ),
};
const manifest = (fields: Partial<BotManifest>): BotManifest => manifestSchema.parse({ name: "bot", ...fields });
const reasons = (gate: BotGate, breaker?: CircuitBreaker) => Array.from(time, (_, i) => gate.skipReason(i, breaker));

describe("router eligibility: the reason a bot is skipped", () => {
  it("a bot with no preferences may trade on every row but inside the kill zone", () => {
    expect(reasons(new BotGate(manifest({}), columns))).toEqual([
      ...Array(6).fill(undefined),
      "kill zone: USD Non-Farm Payrolls 13:30 UTC",
      undefined,
    ]);
    expect(reasons(new BotGate(manifest({ avoid_news: false }), columns))).toEqual(Array(8).fill(undefined));
  });

  it("outside its sessions", () => {
    const london = new BotGate(manifest({ sessions: ["LONDON"], avoid_news: false }), columns);
    expect(reasons(london).slice(0, 3)).toEqual(["outside session LONDON", "outside session LONDON", undefined]);
    const newYork = new BotGate(manifest({ sessions: ["NEW_YORK", "ASIAN"], avoid_news: false }), columns);
    expect(newYork.skipReason(2)).toBe("outside sessions NEW_YORK, ASIAN");
    expect(newYork.skipReason(7)).toBeUndefined();
  });

  it("outside its time windows, local to their zone", () => {
    const morning = new BotGate(
      manifest({ time_windows: [{ start: "08:00", end: "11:00", timezone: "Europe/London" }], avoid_news: false }),
      columns,
    );
    expect(reasons(morning)).toEqual([
      "outside time window 08:00–11:00 Europe/London",
      "outside time window 08:00–11:00 Europe/London",
      undefined,
      undefined,
      undefined,
      "outside time window 08:00–11:00 Europe/London",
      "outside time window 08:00–11:00 Europe/London",
      "outside time window 08:00–11:00 Europe/London",
    ]);
  });

  it("a window across midnight belongs to the day it starts on", () => {
    // Monday 22:00 → Tuesday 02:00 New York (UTC−5): Tuesday 06:00 UTC is 01:00 in New York.
    const monday = { start: "22:00", end: "02:00", timezone: "America/New_York", days: [1] };
    expect(new BotGate(manifest({ time_windows: [monday] }), columns).skipReason(0)).toBeUndefined();
    const tuesday = { ...monday, days: [2] };
    expect(new BotGate(manifest({ time_windows: [tuesday] }), columns).skipReason(0)).toBe(
      "outside time window 22:00–02:00 America/New_York",
    );
  });

  it("follows the zone's daylight saving: 08:00 New York is 13:00 UTC before 10 March 2024, 12:00 after", () => {
    const days = Float64Array.from([Date.UTC(2024, 2, 8, 12), Date.UTC(2024, 2, 11, 12)]);
    const gate = new BotGate(
      manifest({ time_windows: [{ start: "08:00", end: "09:00", timezone: "America/New_York" }] }),
      { time: days },
    );
    expect([gate.skipReason(0), gate.skipReason(1)]).toEqual([
      "outside time window 08:00–09:00 America/New_York",
      undefined,
    ]);
  });

  it("in a regime it does not trade", () => {
    const trend = new BotGate(manifest({ regimes: ["TREND_UP", "TREND_DOWN"], avoid_news: false }), columns);
    expect(reasons(trend).slice(0, 5)).toEqual([
      "regime RANGE (trades in TREND_UP, TREND_DOWN)",
      "regime RANGE (trades in TREND_UP, TREND_DOWN)",
      undefined,
      undefined,
      "regime RANGE (trades in TREND_UP, TREND_DOWN)",
    ]);
  });

  it("while its circuit breaker is tripped", () => {
    const gate = new BotGate(manifest({ avoid_news: false }), columns);
    const breaker = new CircuitBreaker(
      { max_daily_loss_pct: 50, max_consecutive_losses: 3, cooldown_minutes: 120 },
      10_000,
    );
    for (const pnl of [-10, -10, -10]) breaker.recordTrade(pnl, time[1]);
    // Tripped at 07:00 for 2 hours: rows 1–2 (07:00, 08:00) are out, 09:00 trades again.
    // (The router asks in time order; a row before the trip is never asked after it.)
    expect(reasons(gate, breaker).slice(1, 4)).toEqual([
      "breaker: 3 consecutive losses",
      "breaker: 3 consecutive losses",
      undefined,
    ]);
  });

  it("names the first failing check: session, window, regime, news, breaker", () => {
    const picky = new BotGate(
      manifest({
        sessions: ["LONDON"],
        time_windows: [{ start: "07:00", end: "12:00", timezone: "UTC" }],
        regimes: ["TREND_UP"],
      }),
      columns,
    );
    const breaker = new CircuitBreaker({ max_daily_loss_pct: 1, max_consecutive_losses: 9, cooldown_minutes: 0 }, 1000);
    breaker.recordTrade(-20, time[0]);
    expect(reasons(picky, breaker)).toEqual([
      "outside session LONDON",
      "outside session LONDON",
      "breaker: daily loss 2.00% (max 1%)",
      "breaker: daily loss 2.00% (max 1%)",
      "regime RANGE (trades in TREND_UP)",
      "breaker: daily loss 2.00% (max 1%)",
      "outside time window 07:00–12:00 UTC",
      "outside time window 07:00–12:00 UTC",
    ]);
  });

  it("refuses preferences the run cannot check", () => {
    expect(() => new BotGate(manifest({ sessions: ["LONDON"] }), { time })).toThrow(
      expect.objectContaining({
        code: "ROUTER_NO_SESSIONS",
        message: "bot 'bot' prefers sessions but the run has no session labels",
      }),
    );
    expect(() => new BotGate(manifest({ regimes: ["RANGE"] }), { time })).toThrow(
      expect.objectContaining({
        code: "ROUTER_NO_REGIMES",
        message: "bot 'bot' prefers regimes but the run has no regime labels",
      }),
    );
  });
});
