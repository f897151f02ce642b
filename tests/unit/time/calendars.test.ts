import { describe, expect, it } from "vitest";
import {
  CalendarRegistry,
  FX_CALENDAR,
  fxMarketDefinition,
  MarketCalendar,
  marketCalendar,
  US_EQUITY_CALENDAR,
} from "../../../src/core/time/index.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Weekdays of a year that are not trading days, with the holiday's name. */
function closedWeekdays(calendar: MarketCalendar, year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6 || calendar.isTradingDay(date)) continue;
    out.push(`${date} ${calendar.tradingSession(date).holiday}`);
  }
  return out;
}

/** Early-close dates of a year. */
function earlyCloses(year: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const session = US_EQUITY_CALENDAR.tradingSession(date);
    if (session.earlyClose) out.push(`${date} ${session.earlyClose}`);
  }
  return out;
}

describe("NYSE holidays by rule (checked against nyse.com)", () => {
  it("2023: observed New Year on Monday 2 January", () => {
    expect(closedWeekdays(US_EQUITY_CALENDAR, 2023)).toEqual([
      "2023-01-02 New Year's Day",
      "2023-01-16 Martin Luther King Jr. Day",
      "2023-02-20 Washington's Birthday",
      "2023-04-07 Good Friday",
      "2023-05-29 Memorial Day",
      "2023-06-19 Juneteenth National Independence Day",
      "2023-07-04 Independence Day",
      "2023-09-04 Labor Day",
      "2023-11-23 Thanksgiving Day",
      "2023-12-25 Christmas Day",
    ]);
    expect(earlyCloses(2023)).toEqual(["2023-07-03 Independence Day eve", "2023-11-24 Day after Thanksgiving"]);
  });

  it("2024: Good Friday on 29 March, three early closes", () => {
    expect(closedWeekdays(US_EQUITY_CALENDAR, 2024)).toEqual([
      "2024-01-01 New Year's Day",
      "2024-01-15 Martin Luther King Jr. Day",
      "2024-02-19 Washington's Birthday",
      "2024-03-29 Good Friday",
      "2024-05-27 Memorial Day",
      "2024-06-19 Juneteenth National Independence Day",
      "2024-07-04 Independence Day",
      "2024-09-02 Labor Day",
      "2024-11-28 Thanksgiving Day",
      "2024-12-25 Christmas Day",
    ]);
    expect(earlyCloses(2024)).toEqual([
      "2024-07-03 Independence Day eve",
      "2024-11-29 Day after Thanksgiving",
      "2024-12-24 Christmas Eve",
    ]);
  });

  it("2025: with the day of mourning for President Carter on 9 January", () => {
    expect(closedWeekdays(US_EQUITY_CALENDAR, 2025)).toEqual([
      "2025-01-01 New Year's Day",
      "2025-01-09 National Day of Mourning for President Jimmy Carter",
      "2025-01-20 Martin Luther King Jr. Day",
      "2025-02-17 Washington's Birthday",
      "2025-04-18 Good Friday",
      "2025-05-26 Memorial Day",
      "2025-06-19 Juneteenth National Independence Day",
      "2025-07-04 Independence Day",
      "2025-09-01 Labor Day",
      "2025-11-27 Thanksgiving Day",
      "2025-12-25 Christmas Day",
    ]);
    expect(earlyCloses(2025)).toEqual([
      "2025-07-03 Independence Day eve",
      "2025-11-28 Day after Thanksgiving",
      "2025-12-24 Christmas Eve",
    ]);
  });

  it("2026: Independence Day observed on Friday 3 July, which is then no early close", () => {
    expect(closedWeekdays(US_EQUITY_CALENDAR, 2026)).toEqual([
      "2026-01-01 New Year's Day",
      "2026-01-19 Martin Luther King Jr. Day",
      "2026-02-16 Washington's Birthday",
      "2026-04-03 Good Friday",
      "2026-05-25 Memorial Day",
      "2026-06-19 Juneteenth National Independence Day",
      "2026-07-03 Independence Day",
      "2026-09-07 Labor Day",
      "2026-11-26 Thanksgiving Day",
      "2026-12-25 Christmas Day",
    ]);
    expect(earlyCloses(2026)).toEqual(["2026-11-27 Day after Thanksgiving", "2026-12-24 Christmas Eve"]);
  });

  it("does not observe a Saturday New Year on the Friday before (2022-01-01), nor Juneteenth before 2022", () => {
    expect(US_EQUITY_CALENDAR.isTradingDay("2021-12-31")).toBe(true);
    expect(US_EQUITY_CALENDAR.isTradingDay("2021-06-18")).toBe(true);
    expect(US_EQUITY_CALENDAR.tradingSession("2021-12-24").holiday).toBe("Christmas Day"); // Saturday Christmas
  });
});

describe("US equity sessions and phases", () => {
  it("gives the hours of a normal day in UTC across DST", () => {
    expect(US_EQUITY_CALENDAR.tradingSession("2024-03-08")).toEqual({
      date: "2024-03-08",
      tradingDay: true,
      holiday: null,
      earlyClose: null,
      preOpen: at("2024-03-08T09:00:00Z"),
      open: at("2024-03-08T14:30:00Z"),
      close: at("2024-03-08T21:00:00Z"),
      postClose: at("2024-03-09T01:00:00Z"),
    });
    const summer = US_EQUITY_CALENDAR.tradingSession("2024-03-11");
    expect([iso(summer.open), iso(summer.close)]).toEqual(["2024-03-11T13:30:00.000Z", "2024-03-11T20:00:00.000Z"]);
  });

  it("closes at 13:00 New York on early-close days, post-market until 17:00", () => {
    const friday = US_EQUITY_CALENDAR.tradingSession("2024-11-29");
    expect(friday.earlyClose).toBe("Day after Thanksgiving");
    expect([iso(friday.open), iso(friday.close), iso(friday.postClose)]).toEqual([
      "2024-11-29T14:30:00.000Z",
      "2024-11-29T18:00:00.000Z",
      "2024-11-29T22:00:00.000Z",
    ]);
    expect(iso(US_EQUITY_CALENDAR.tradingSession("2024-07-03").close)).toBe("2024-07-03T17:00:00.000Z");
  });

  it("reports a holiday without hours", () => {
    expect(US_EQUITY_CALENDAR.tradingSession("2024-03-29")).toMatchObject({
      tradingDay: false,
      holiday: "Good Friday",
      open: null,
      close: null,
    });
  });

  it("names the phase at instants of 2024-03-12 (EDT)", () => {
    const phase = (text: string) => US_EQUITY_CALENDAR.phaseAt(at(text));
    expect(phase("2024-03-12T07:59:00Z")).toBe("closed");
    expect(phase("2024-03-12T08:00:00Z")).toBe("pre_market");
    expect(phase("2024-03-12T12:30:00Z")).toBe("pre_market");
    expect(phase("2024-03-12T13:30:00Z")).toBe("regular");
    expect(phase("2024-03-12T19:59:00Z")).toBe("regular");
    expect(phase("2024-03-12T20:00:00Z")).toBe("post_market");
    expect(phase("2024-03-13T00:00:00Z")).toBe("closed");
    expect(phase("2024-03-29T15:00:00Z")).toBe("closed"); // Good Friday
    expect(US_EQUITY_CALENDAR.isMarketOpen(at("2024-03-12T12:30:00Z"))).toBe(false);
    expect(US_EQUITY_CALENDAR.isMarketOpen(at("2024-03-12T13:30:00Z"))).toBe(true);
  });

  it("finds the next phase change across the Easter weekend", () => {
    expect(US_EQUITY_CALENDAR.nextPhaseChange(at("2024-03-28T21:00:00Z"))).toEqual({
      phase: "closed",
      at: at("2024-03-29T00:00:00Z"),
    });
    expect(US_EQUITY_CALENDAR.nextPhaseChange(at("2024-03-29T00:00:00Z"))).toEqual({
      phase: "pre_market",
      at: at("2024-04-01T08:00:00Z"),
    });
  });

  it("steps and counts trading days: February 2024 (leap year) has 20", () => {
    expect(US_EQUITY_CALENDAR.countTradingDays("2024-02-01", "2024-02-29")).toBe(20);
    expect(US_EQUITY_CALENDAR.countTradingDays("2024-01-01", "2024-12-31")).toBe(252);
    expect(US_EQUITY_CALENDAR.countTradingDays("2025-01-01", "2025-12-31")).toBe(250);
    expect(US_EQUITY_CALENDAR.nextTradingDay("2024-03-28")).toBe("2024-04-01");
    expect(US_EQUITY_CALENDAR.previousTradingDay("2024-03-01")).toBe("2024-02-29");
    expect(US_EQUITY_CALENDAR.isTradingDay("2024-02-29")).toBe(true);
  });

  it("rejects a range that ends before it starts with TIME_BAD_RANGE", () => {
    expect(() => US_EQUITY_CALENDAR.countTradingDays("2024-02-02", "2024-02-01")).toThrow(
      expect.objectContaining({ code: "TIME_BAD_RANGE" }),
    );
  });
});

describe("FX calendar", () => {
  it("runs each trading day 17:00→17:00 New York, Monday's from Sunday evening", () => {
    const monday = FX_CALENDAR.tradingSession("2024-03-11");
    expect([iso(monday.open), iso(monday.close)]).toEqual(["2024-03-10T21:00:00.000Z", "2024-03-11T21:00:00.000Z"]);
    expect(FX_CALENDAR.isTradingDay("2024-03-10")).toBe(false);
  });

  it("closes Christmas Day and New Year's Day", () => {
    expect(FX_CALENDAR.tradingSession("2024-12-25")).toMatchObject({ tradingDay: false, holiday: "Christmas Day" });
    expect(FX_CALENDAR.nextTradingDay("2024-12-24")).toBe("2024-12-26");
    expect(FX_CALENDAR.previousTradingDay("2025-01-02")).toBe("2024-12-31");
    expect(FX_CALENDAR.phaseAt(at("2024-12-25T12:00:00Z"))).toBe("closed");
    expect(FX_CALENDAR.phaseAt(at("2024-12-25T22:00:00Z"))).toBe("open");
    expect(FX_CALENDAR.countTradingDays("2024-12-23", "2025-01-03")).toBe(8);
  });

  it("lists open intervals merged across weekdays, split by a holiday and clipped to the range", () => {
    expect(
      FX_CALENDAR.openIntervals(at("2024-12-20T00:00:00Z"), at("2024-12-28T00:00:00Z")).map((i) => i.map(iso)),
    ).toEqual([
      ["2024-12-20T00:00:00.000Z", "2024-12-20T22:00:00.000Z"],
      ["2024-12-22T22:00:00.000Z", "2024-12-24T22:00:00.000Z"],
      ["2024-12-25T22:00:00.000Z", "2024-12-27T22:00:00.000Z"],
    ]);
    expect(FX_CALENDAR.openIntervals(at("2024-12-21T00:00:00Z"), at("2024-12-22T00:00:00Z"))).toEqual([]);
  });

  it("takes its holidays from configuration", () => {
    const noHolidays = new MarketCalendar(fxMarketDefinition([]));
    expect(noHolidays.isTradingDay("2024-12-25")).toBe(true);
    const withBoxingDay = new MarketCalendar(fxMarketDefinition([{ month: 12, day: 26, name: "Boxing Day" }]));
    expect(withBoxingDay.tradingSession("2024-12-26").holiday).toBe("Boxing Day");
  });

  it("rejects an impossible holiday with CALENDAR_BAD_HOLIDAY", () => {
    expect(() => fxMarketDefinition([{ month: 2, day: 30, name: "Never" }])).toThrow(
      expect.objectContaining({ code: "CALENDAR_BAD_HOLIDAY" }),
    );
  });
});

describe("the calendar registry", () => {
  it("maps (exchange_group, asset_class) to a calendar, case-insensitively", () => {
    expect(marketCalendar("FX", "CURRENCY")).toBe(FX_CALENDAR);
    expect(marketCalendar("us_equity", "equity")).toBe(US_EQUITY_CALENDAR);
    expect(marketCalendar("US_EQUITY", "EQUITY").zone).toBe("America/New_York");
  });

  it("rejects an unknown pair with CALENDAR_UNKNOWN listing the known ones", () => {
    expect(() => marketCalendar("LSE", "EQUITY")).toThrow(
      expect.objectContaining({
        code: "CALENDAR_UNKNOWN",
        message:
          "no market calendar for exchange group 'LSE' and asset class 'EQUITY'; known: (FX, CURRENCY), (US_EQUITY, EQUITY)",
      }),
    );
  });

  it("accepts more calendars", () => {
    const registry = new CalendarRegistry([FX_CALENDAR]);
    registry.register(new MarketCalendar({ ...fxMarketDefinition(), assetClass: "METAL" }));
    expect(registry.get("FX", "METAL").isTradingDay("2024-03-11")).toBe(true);
  });
});
