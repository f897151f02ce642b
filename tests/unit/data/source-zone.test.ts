import { describe, expect, it } from "vitest";
import { formatSourceZone, parseSourceZone, toUtcConverter } from "../../../src/core/data/source-zone.ts";
import { PipscopeError } from "../../../src/core/errors.ts";

const wall = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h, min);

describe("source timezones", () => {
  it("mt5-server is UTC+2 in New York winter and UTC+3 in New York summer, switching with New York", () => {
    const toUtc = toUtcConverter(parseSourceZone("mt5-server"));
    // US DST began Sunday 10 March 2024; Europe's on 31 March. Server midnight stays 17:00 New York.
    expect(toUtc(wall(2024, 3, 8, 0))).toBe(wall(2024, 3, 7, 22));
    expect(toUtc(wall(2024, 3, 11, 0))).toBe(wall(2024, 3, 10, 21));
    expect(toUtc(wall(2024, 11, 1, 12))).toBe(wall(2024, 11, 1, 9));
    expect(toUtc(wall(2024, 11, 4, 12))).toBe(wall(2024, 11, 4, 10));
  });

  it("fixed offsets subtract, UTC is unchanged", () => {
    expect(toUtcConverter(parseSourceZone("+02:00"))(wall(2024, 1, 1, 0))).toBe(wall(2023, 12, 31, 22));
    expect(toUtcConverter(parseSourceZone("-05:00"))(wall(2024, 1, 1, 0))).toBe(wall(2024, 1, 1, 5));
    expect(toUtcConverter(parseSourceZone("UTC"))(wall(2024, 1, 1, 0))).toBe(wall(2024, 1, 1, 0));
    expect(parseSourceZone("GMT+0")).toEqual({ kind: "utc" });
  });

  it("IANA zones follow their DST, a repeated hour takes its first instant", () => {
    const london = toUtcConverter(parseSourceZone("Europe/London"));
    expect(london(wall(2024, 1, 15, 9))).toBe(wall(2024, 1, 15, 9));
    expect(london(wall(2024, 7, 15, 9))).toBe(wall(2024, 7, 15, 8));
    expect(london(wall(2024, 10, 27, 1, 30))).toBe(wall(2024, 10, 27, 0, 30));
  });

  it("formats zones canonically for the catalog", () => {
    expect(formatSourceZone(parseSourceZone("utc+2"))).toBe("+02:00");
    expect(formatSourceZone(parseSourceZone("-0530"))).toBe("-05:30");
    expect(formatSourceZone(parseSourceZone("MT5-server"))).toBe("mt5-server");
    expect(formatSourceZone(parseSourceZone("EET"))).toBe("EET");
  });

  it("names the accepted forms when the zone is unknown", () => {
    for (const bad of ["Mars/Olympus", "+25:00", "server"]) {
      try {
        parseSourceZone(bad);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(PipscopeError);
        expect((error as PipscopeError).code).toBe("DATA_BAD_TIMEZONE");
        expect((error as PipscopeError).message).toContain("mt5-server");
      }
    }
  });
});
