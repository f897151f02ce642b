import { describe, expect, it } from "vitest";
import {
  decodeNewsBytes,
  importNewsFile,
  KillZones,
  type NewsEvent,
  parseKillZoneConfig,
  symbolCurrencies,
} from "../../../src/core/time/index.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
const iso = (ms: number) => new Date(ms).toISOString();
/** Errors as `line:field` pairs. */
const locations = (errors: { where?: { line?: number; field?: string } }[]) =>
  errors.map((e) => `${e.where?.line}:${e.where?.field}`);

describe("ForexFactory JSON", () => {
  const json = `[
  {"title":"CPI m/m","country":"USD","date":"2024-03-12T08:30:00-04:00","impact":"High","forecast":"0.4%","previous":"0.3%"},
  {"title":"Bank Holiday","country":"JPY","date":"2024-03-20T00:00:00-04:00","impact":"Holiday","forecast":"","previous":""},
  {"title":"Bad impact","country":"EUR","date":"2024-03-12T10:00:00+01:00","impact":"Severe"},
  {"title":"No offset","country":"EUR",
   "date":"2024-03-12T10:00:00","impact":"Low"},
  {"title":"Trade Balance","country":"aud","date":"2024-03-14T00:30:00Z","impact":"medium","forecast":null,"previous":11.0}
]`;

  it("reads events with their offsets into UTC, skipping and reporting bad ones by line and field", () => {
    const result = importNewsFile(utf8(json), { file: "ff.json" });
    expect(result.format).toBe("forexfactory-json");
    expect(result.events.map((e) => [iso(e.time), e.currency, e.impact, e.title, e.allDay])).toEqual([
      ["2024-03-12T12:30:00.000Z", "USD", "High", "CPI m/m", false],
      ["2024-03-14T00:30:00.000Z", "AUD", "Medium", "Trade Balance", false],
      ["2024-03-20T00:00:00.000Z", "JPY", "Holiday", "Bank Holiday", true],
    ]);
    expect(result.events[0]).toMatchObject({ forecast: "0.4%", previous: "0.3%" });
    expect(result.events[1]).toMatchObject({ forecast: "", previous: "11" });
    expect(locations(result.errors)).toEqual(["4:impact", "6:date"]);
    expect(result.errors[0].describe()).toBe(
      "ff.json:4 (field impact): impact 'Severe' is not one of High, Medium, Low, Holiday",
    );
  });

  it("fails a file that is not JSON with NEWS_BAD_JSON and the line", () => {
    expect(() => importNewsFile(utf8('[\n{"title": }\n]'), { file: "ff.json" })).toThrow(
      expect.objectContaining({ code: "NEWS_BAD_JSON", where: { file: "ff.json", line: 2 } }),
    );
    expect(() => importNewsFile(utf8('{"events": []}'), { file: "ff.json" })).toThrow(
      expect.objectContaining({ code: "NEWS_BAD_JSON", message: expect.stringContaining("expected an array") }),
    );
  });
});

describe("calendar CSV", () => {
  const csv = [
    "Title,Country,Date,Time,Impact,Forecast,Previous",
    "Non-Farm Employment Change,USD,03-08-2024,8:30am,High,200K,353K",
    '"Fed Chair Powell Testifies, Senate",USD,03-07-2024,10:00am,High,,',
    "Bank Holiday,JPY,03-20-2024,All Day,Holiday,,",
    "RBA Rate Statement,AUD,03-18-2024,11:30pm,High,,",
    "Bad time,EUR,03-12-2024,25:00pm,Low,,",
    "Bad date,EUR,02-30-2024,9:00am,Low,,",
    "Short row,EUR,03-12-2024",
    "",
    "Noon,GBP,2024-03-12,12:00pm,Medium,,",
  ].join("\r\n");

  it("reads 12-hour times in the chosen zone across its DST change, and all-day entries", () => {
    const result = importNewsFile(utf8(csv), { file: "week.csv", zone: "America/New_York" });
    expect(result.format).toBe("csv");
    expect(result.events.map((e) => [iso(e.time), e.currency, e.title, e.allDay])).toEqual([
      ["2024-03-07T15:00:00.000Z", "USD", "Fed Chair Powell Testifies, Senate", false],
      ["2024-03-08T13:30:00.000Z", "USD", "Non-Farm Employment Change", false], // EST
      ["2024-03-12T16:00:00.000Z", "GBP", "Noon", false], // EDT from 10 March
      ["2024-03-19T03:30:00.000Z", "AUD", "RBA Rate Statement", false],
      ["2024-03-20T00:00:00.000Z", "JPY", "Bank Holiday", true],
    ]);
    expect(result.events[1]).toMatchObject({ impact: "High", forecast: "200K", previous: "353K" });
  });

  it("skips malformed rows with an error naming line and column", () => {
    const result = importNewsFile(utf8(csv), { file: "week.csv" });
    expect(locations(result.errors)).toEqual(["6:Time", "7:Date", "8:(row)"]);
    expect(result.errors[0].describe()).toBe(
      "week.csv:6 (field Time): '25:00pm' is not a time like 9:00pm, 14:30, All Day or Tentative",
    );
    expect(result.events).toHaveLength(5);
    expect(iso(result.events[1].time)).toBe("2024-03-08T08:30:00.000Z"); // UTC when no zone is given
  });

  it("rejects a header without the calendar's columns with NEWS_BAD_HEADER", () => {
    expect(() => importNewsFile(utf8("Name,When\nx,y"), { file: "x.csv" })).toThrow(
      expect.objectContaining({
        code: "NEWS_BAD_HEADER",
        message:
          "the header lacks Title, Country, Date, Time, Impact; expected Title,Country,Date,Time,Impact,Forecast,Previous",
      }),
    );
  });

  it("rejects an unknown zone with TIME_UNKNOWN_ZONE", () => {
    expect(() => importNewsFile(utf8(csv), { file: "week.csv", zone: "Eastern" })).toThrow(
      expect.objectContaining({ code: "TIME_UNKNOWN_ZONE" }),
    );
  });
});

describe("calendar XML (windows-1252, CDATA)", () => {
  const xml = `<?xml version="1.0" encoding="windows-1252"?>
<weeklyevents>
<event>
<title><![CDATA[ECB President Lagarde Speaks \x80 & more]]></title>
<country><![CDATA[EUR]]></country>
<date><![CDATA[03-12-2024]]></date>
<time><![CDATA[2:00pm]]></time>
<impact><![CDATA[High]]></impact>
<forecast />
<previous><![CDATA[]]></previous>
</event>
<event>
<title>M&amp;A &#8364; index</title>
<country>GBP</country>
<date>03-13-2024</date>
<time>Tentative</time>
<impact>Low</impact>
</event>
<event>
<title><![CDATA[Missing impact]]></title>
<country><![CDATA[USD]]></country>
<date><![CDATA[03-13-2024]]></date>
<time><![CDATA[9:00am]]></time>
</event>
</weeklyevents>`;
  const bytes = Uint8Array.from(xml, (c) => c.charCodeAt(0)); // one byte per char, as windows-1252

  it("decodes windows-1252 (0x80 is €), keeps CDATA verbatim and decodes entities", () => {
    const result = importNewsFile(bytes, { file: "ff.xml", zone: "Europe/London" });
    expect(result.format).toBe("xml");
    expect(result.events.map((e) => [iso(e.time), e.title, e.allDay])).toEqual([
      ["2024-03-12T14:00:00.000Z", "ECB President Lagarde Speaks € & more", false],
      ["2024-03-13T00:00:00.000Z", "M&A € index", true],
    ]);
    expect(locations(result.errors)).toEqual(["19:impact"]);
  });
});

describe("decoding", () => {
  it("honours UTF-8 and UTF-16LE byte-order marks and replaces malformed UTF-8", () => {
    expect(decodeNewsBytes(Uint8Array.of(0xef, 0xbb, 0xbf, 0xe2, 0x82, 0xac))).toBe("€");
    expect(decodeNewsBytes(Uint8Array.of(0xff, 0xfe, 0xac, 0x20, 0x41, 0x00))).toBe("€A");
    expect(decodeNewsBytes(Uint8Array.of(0x41, 0xc3, 0x41, 0xf0, 0x9f, 0x98, 0x80))).toBe("A\uFFFDA😀");
  });

  it("rejects a file in no calendar format with NEWS_UNKNOWN_FORMAT", () => {
    expect(() => importNewsFile(utf8("hello"), { file: "notes.txt" })).toThrow(
      expect.objectContaining({ code: "NEWS_UNKNOWN_FORMAT", where: { file: "notes.txt" } }),
    );
  });
});

describe("kill zones", () => {
  const event = (time: string, currency: string, impact: NewsEvent["impact"], allDay = false): NewsEvent => ({
    time: Date.parse(time),
    allDay,
    currency,
    impact,
    title: `${currency} ${impact}`,
    forecast: "",
    previous: "",
  });
  const events = [
    event("2024-03-12T12:30:00Z", "USD", "High"),
    event("2024-03-12T12:45:00Z", "EUR", "High"), // overlaps the first: merged
    event("2024-03-12T14:00:00Z", "JPY", "High"), // not EURUSD's
    event("2024-03-12T15:00:00Z", "USD", "Medium"), // impact not chosen
    event("2024-03-13T00:00:00Z", "EUR", "High", true), // all day: no window
    event("2024-03-13T09:00:00Z", "ALL", "High"),
  ];
  const config = parseKillZoneConfig({ minutesBefore: 15, minutesAfter: 30 });
  const zones = new KillZones(events, symbolCurrencies("EURUSD"), config);

  it("merge N minutes before and M after events of the instrument's currencies and chosen impacts", () => {
    expect([...zones.start].map(iso)).toEqual(["2024-03-12T12:15:00.000Z", "2024-03-13T08:45:00.000Z"]);
    expect([...zones.end].map(iso)).toEqual(["2024-03-12T13:15:00.000Z", "2024-03-13T09:30:00.000Z"]);
    expect(zones.contains(Date.parse("2024-03-12T12:14:59Z"))).toBe(false);
    expect(zones.contains(Date.parse("2024-03-12T12:15:00Z"))).toBe(true);
    expect(zones.contains(Date.parse("2024-03-12T13:15:00Z"))).toBe(false);
    expect(zones.eventsAt(Date.parse("2024-03-12T12:40:00Z")).map((e) => e.title)).toEqual(["USD High", "EUR High"]);
  });

  it("fill a mask equal to the scalar query, for sorted and shuffled times", () => {
    const times = new Float64Array(48 * 60);
    for (let i = 0; i < times.length; i++) times[i] = Date.parse("2024-03-12T00:00:00Z") + i * 60_000;
    const mask = zones.fill(times);
    expect(mask.reduce((sum, v) => sum + v, 0)).toBe(60 + 45);
    expect([...mask].every((v, i) => v === (zones.contains(times[i]) ? 1 : 0))).toBe(true);
    const shuffled = Float64Array.from(times).reverse();
    expect([...zones.fill(shuffled)].reverse()).toEqual([...mask]);
  });

  it("default to 30 minutes around High impact events", () => {
    expect(parseKillZoneConfig(undefined)).toEqual({ minutesBefore: 30, minutesAfter: 30, impacts: ["High"] });
  });

  it("reject bad settings with NEWS_BAD_KILL_ZONE naming the field", () => {
    expect(() => parseKillZoneConfig({ minutesBefore: -5 })).toThrow(
      expect.objectContaining({ code: "NEWS_BAD_KILL_ZONE", where: { path: "$.minutesBefore" } }),
    );
    expect(() => parseKillZoneConfig({ impacts: ["Red"] })).toThrow(
      expect.objectContaining({ code: "NEWS_BAD_KILL_ZONE", where: { path: "$.impacts.0" } }),
    );
  });
});

describe("currencies of a symbol", () => {
  it("reads base and quote, ignores broker suffixes, maps index CFDs", () => {
    expect(symbolCurrencies("EURUSD")).toEqual(["EUR", "USD"]);
    expect(symbolCurrencies("gbpjpy.m")).toEqual(["GBP", "JPY"]);
    expect(symbolCurrencies("XAUUSD")).toEqual(["XAU", "USD"]);
    expect(symbolCurrencies("US500")).toEqual(["USD"]);
    expect(symbolCurrencies("GER40.cash")).toEqual(["EUR"]);
  });

  it("rejects a symbol it cannot read with NEWS_UNKNOWN_SYMBOL", () => {
    expect(() => symbolCurrencies("BTCUSD")).toThrow(expect.objectContaining({ code: "NEWS_UNKNOWN_SYMBOL" }));
  });
});
