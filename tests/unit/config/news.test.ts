import { describe, expect, it } from "vitest";
import { loadSessionConfig } from "../../../src/core/config/index.ts";
import type { NewsFile } from "../../../src/core/config/news-config.ts";
import { type MarketData, planRun, prepareBacktest, type RunCalendar } from "../../../src/core/run/index.ts";
import type { NewsEvent } from "../../../src/core/time/index.ts";
import { bars, EURUSD } from "../engine/fixtures.ts";

const base = {
  session_name: "t",
  mode: "backtest",
  backtest_config: { start_date: "2024-01-02", end_date: "2024-01-02" },
  session_data_config: { symbols: ["EURUSD"], streams: ["bars_1h"] },
  strategy: { id: "ma_cross" },
};
const NFP = { time: "2024-01-02T13:30:00Z", currency: "USD", title: "Non-Farm Payrolls" };
const load = (news: unknown, symbol = "EURUSD") =>
  loadSessionConfig(
    JSON.stringify({ ...base, session_data_config: { ...base.session_data_config, symbols: [symbol] }, news }),
    "t.json",
  );

// Six H1 bars from Tuesday 2024-01-02 10:00 UTC, whatever is asked.
const market: MarketData = {
  bars: async () => ({ rows: bars(Array.from({ length: 6 }, () => [1.1, 1.1, 1.1, 1.1])), startIndex: 0 }),
  ticks: async () => {
    throw new Error("no ticks");
  },
};
const times: RunCalendar = {
  sessions: (time) => ({
    ids: [],
    mask: new Uint8Array(time.length),
    primary: new Uint8Array(time.length),
    labels: [],
  }),
  rollovers: () => ({ time: new Float64Array(0), days: new Uint8Array(0) }),
};
const prepare = (news: unknown, calendar: RunCalendar = times) =>
  prepareBacktest(
    planRun(load(news), () => EURUSD),
    { instance: {}, params: {} },
    market,
    calendar,
    "t",
    () => 0,
  );

describe("news in session configs", () => {
  it("fills the kill-zone defaults and the symbol's currencies, and reads inline times as UTC ms", () => {
    const plan = planRun(load({ events: [NFP] }), () => EURUSD);
    expect(plan.news).toEqual({
      events: [
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
      file: undefined,
      currencies: ["EUR", "USD"],
      killZones: { minutesBefore: 30, minutesAfter: 30, impacts: ["High"] },
      flatten: false,
    });
    expect(planRun(load({ file: "cal.csv", file_timezone: "America/New_York" }), () => EURUSD).news?.file).toEqual({
      path: "cal.csv",
      zone: "America/New_York",
    });
  });

  it.each([
    [{ file: "a.json", events: [NFP] }, "$.news: give news.file or news.events, not both"],
    [
      { events: [{ ...NFP, time: "2024-01-02 13:30" }] },
      "$.news.events[0].time: expected an instant with its offset, like 2024-03-08T13:30:00Z",
    ],
    [{ events: [{ ...NFP, time: "2024-13-02T13:30:00Z" }] }, "$.news.events[0].time: not a real date and time"],
    [{ currencies: ["usd"] }, "$.news.currencies[0]: expected a currency code in capitals, e.g. USD"],
    [{ minutes_before: -5 }, "$.news.minutes_before: Too small: expected number to be >=0"],
    [{ impacts: ["Huge"] }, '$.news.impacts[0]: expected one of "High", "Medium", "Low", "Holiday"'],
    [{ flaten: true }, "$.news: unknown key 'flaten'"],
  ])("rejects %o", (news, message) => {
    expect(() => load(news)).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", message }));
  });

  it("asks for news.currencies when the symbol's cannot be told", () => {
    expect(() => planRun(load({ events: [NFP] }, "WIDGET"), () => ({ ...EURUSD, symbol: "WIDGET" }))).toThrow(
      expect.objectContaining({
        code: "NEWS_UNKNOWN_SYMBOL",
        message: "cannot tell which currencies' news moves 'WIDGET'; set news.currencies (e.g. USD) instead",
        where: { path: "$.news.currencies" },
      }),
    );
  });
});

describe("kill zones prepared for a run", () => {
  it("computes the mask once from inline events", async () => {
    const input = await prepare({ events: [NFP], flatten: true });
    expect(Array.from(input.killZones?.mask ?? [])).toEqual([0, 0, 1, 0, 0, 0]);
    expect(input.killZones?.flatten).toBe(true);
  });

  it("reads a file, or the stored calendar, through the host", async () => {
    const asked: Array<NewsFile | undefined> = [];
    const event: NewsEvent = {
      ...NFP,
      time: Date.UTC(2024, 0, 2, 11, 0),
      allDay: false,
      impact: "High",
      forecast: "",
      previous: "",
    };
    const calendar: RunCalendar = {
      ...times,
      news: async (file) => {
        asked.push(file);
        return [event];
      },
    };
    expect(Array.from((await prepare({ file: "cal.json" }, calendar)).killZones?.mask ?? [])).toEqual([
      1, 0, 0, 0, 0, 0,
    ]);
    await prepare({}, calendar);
    expect(asked).toEqual([{ path: "cal.json", zone: undefined }, undefined]);
  });

  it.each([
    [
      { file: "cal.json" },
      "news.file cannot be read here: give the events inline (news.events) or run the config with the command line",
      "$.news.file",
    ],
    [{}, "no economic calendar here: set news.file to a calendar export, or give news.events inline", "$.news"],
  ])("says what to do when the host has no calendar (%o)", async (news, message, path) => {
    await expect(prepare(news)).rejects.toThrow(
      expect.objectContaining({ code: "CONFIG_NEWS_UNAVAILABLE", message, where: { path } }),
    );
  });
});
