import { describe, expect, it } from "vitest";
import { fillTimes, type KillZoneColumn, killZoneColumn } from "../../../src/core/router/kill-zones.ts";
import type { StrategyContext } from "../../../src/core/strategy/api.ts";
import { KillZones, type NewsEvent } from "../../../src/core/time/index.ts";
import { bars, H1, logLines, run, script, T0 } from "../engine/fixtures.ts";

type Row = [number, number, number, number];
const NFP = Date.UTC(2024, 0, 2, 13, 30);
const event = (title: string, time = NFP, currency = "USD"): NewsEvent => ({
  time,
  allDay: false,
  currency,
  impact: "High",
  title,
  forecast: "",
  previous: "",
});
const RULE = { minutesBefore: 30, minutesAfter: 30, impacts: ["High" as const] };
const zonesOf = (...events: NewsEvent[]) => new KillZones(events, ["EUR", "USD"], RULE);

// Six H1 bars 10:00 … 15:00 UTC; closes 1.1000, 1.1010, … so each exit price names its bar.
const data = bars(
  Array.from(
    { length: 6 },
    (_, i): Row => [1.1 + i * 0.001, 1.1 + i * 0.001 + 0.0005, 1.1 + i * 0.001 - 0.0005, 1.101 + i * 0.001],
  ),
);
const column = (flatten: boolean): KillZoneColumn =>
  killZoneColumn(data.time, zonesOf(event("Non-Farm Payrolls")), flatten);

describe("kill-zone column", () => {
  it("tests the instant an order decided on each row fills: the next row's open", () => {
    expect(Array.from(fillTimes(Float64Array.from([0, 10, 20])))).toEqual([10, 20, 30]);
    expect(Array.from(fillTimes(Float64Array.from([5])))).toEqual([5]);
    expect(fillTimes(new Float64Array(0)).length).toBe(0);
    // The zone [13:00, 14:00) holds the 13:00 fill of the 12:00 bar only; 14:00 is its end.
    expect(Array.from(column(false).mask)).toEqual([0, 0, 1, 0, 0, 0]);
  });

  it("names every event whose window holds the fill, and summarises the zones in range", () => {
    const both = killZoneColumn(
      data.time,
      zonesOf(event("Non-Farm Payrolls"), event("Unemployment Rate"), event("ECB Rate", T0 + 30 * H1, "EUR")),
      true,
    );
    expect(both.reasonAt(2)).toBe("kill zone: USD Non-Farm Payrolls 13:30 UTC; USD Unemployment Rate 13:30 UTC");
    expect(both.summary).toBe(
      "news kill zones: 1 in range (High impact, 30 min before to 30 min after), flattening before each",
    );
  });
});

describe("kill zones in a run", () => {
  it("skips entries that would fill inside a zone and logs the event", async () => {
    const buy = (ctx: StrategyContext) => void ctx.buy();
    const { trades, host } = await run(data, script({ 1: buy, 2: buy, 3: buy }), { killZones: column(false) });
    expect(trades.map((t) => t.entryIndex)).toEqual([2, 4]);
    expect(logLines(host)).toContain("entry skipped: kill zone: USD Non-Farm Payrolls 13:30 UTC");
    expect(logLines(host)[2]).toBe("news kill zones: 1 in range (High impact, 30 min before to 30 min after)");
  });

  it("without flatten, a position opened before the zone is held through it", async () => {
    const { trades } = await run(data, script({ 0: (ctx) => void ctx.buy() }), { killZones: column(false) });
    expect(trades.map((t) => [t.exitIndex, t.exitReason])).toEqual([[5, "end_of_test"]]);
  });

  it("with flatten, closes positions at the last close before the zone and cancels pending orders", async () => {
    const { trades, host, result } = await run(
      data,
      script({ 0: (ctx) => void ctx.buy(), 1: (ctx) => void ctx.order({ side: 1, type: "stop", price: 1.2 }) }),
      { killZones: column(true) },
    );
    expect(trades.map((t) => [t.entryIndex, t.exitIndex, t.exitPrice, t.exitReason])).toEqual([
      [1, 2, 1.103, "kill_zone"],
    ]);
    expect(result.metrics.trades).toBe(1);
    expect(logLines(host)).toEqual(
      expect.arrayContaining([
        "flattening before kill zone: USD Non-Farm Payrolls 13:30 UTC: 1 position(s), 1 order(s)",
        "order #2 cancelled",
      ]),
    );
  });

  it("rejects a mask whose length is not the data's", async () => {
    const short = { ...column(false), mask: new Uint8Array(5) };
    await expect(run(data, {}, { killZones: short })).rejects.toThrow(
      expect.objectContaining({
        code: "ENGINE_BAD_KILL_ZONES",
        message: "the kill-zone mask has 5 rows but the data has 6: give one per row",
      }),
    );
  });
});
