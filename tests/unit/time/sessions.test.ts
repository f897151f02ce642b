import { describe, expect, it } from "vitest";
import {
  activeSessionMask,
  DEFAULT_SESSION_SCHEDULE,
  primarySession,
  SessionSchedule,
  sessionsAt,
} from "../../../src/core/time/index.ts";

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const active = (text: string) => sessionsAt(at(text)).active;
const MINUTE = 60_000;

/** The UTC span [first, last+1min) of minutes labelled OVERLAP_LONDON_NY on one UTC day. */
function overlapSpan(day: string): [string, string] | null {
  let first: number | null = null;
  let last: number | null = null;
  for (let t = at(`${day}T00:00:00Z`); t < at(`${day}T00:00:00Z`) + 1440 * MINUTE; t += MINUTE) {
    if (primarySession(t) !== "OVERLAP_LONDON_NY") continue;
    first ??= t;
    last = t;
  }
  return first === null || last === null ? null : [iso(first)!.slice(11, 16), iso(last + MINUTE)!.slice(11, 16)];
}

describe("London/New York overlap across DST", () => {
  it("runs 13:00–16:00 UTC in winter and 12:00–15:00 UTC in summer", () => {
    expect(overlapSpan("2024-01-10")).toEqual(["13:00", "16:00"]);
    expect(overlapSpan("2024-07-10")).toEqual(["12:00", "15:00"]);
    expect(overlapSpan("2025-01-15")).toEqual(["13:00", "16:00"]);
    expect(overlapSpan("2025-07-15")).toEqual(["12:00", "15:00"]);
  });

  it("runs 12:00–16:00 UTC on every weekday from 2024-03-11 to 2024-03-29, when only the US has moved", () => {
    for (const day of ["2024-03-11", "2024-03-15", "2024-03-20", "2024-03-25", "2024-03-29"])
      expect(overlapSpan(day)).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2024-03-08")).toEqual(["13:00", "16:00"]); // before the US change
    expect(overlapSpan("2024-04-01")).toEqual(["12:00", "15:00"]); // after the UK change
  });

  it("runs 12:00–16:00 UTC from 2024-10-28 to 2024-11-01, when only the UK has moved back", () => {
    expect(overlapSpan("2024-10-25")).toEqual(["12:00", "15:00"]);
    expect(overlapSpan("2024-10-28")).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2024-11-01")).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2024-11-04")).toEqual(["13:00", "16:00"]);
  });

  it("does the same in 2025: 10–28 March and 27–31 October", () => {
    expect(overlapSpan("2025-03-07")).toEqual(["13:00", "16:00"]);
    expect(overlapSpan("2025-03-10")).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2025-03-28")).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2025-03-31")).toEqual(["12:00", "15:00"]);
    expect(overlapSpan("2025-10-24")).toEqual(["12:00", "15:00"]);
    expect(overlapSpan("2025-10-27")).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2025-10-31")).toEqual(["12:00", "16:00"]);
    expect(overlapSpan("2025-11-03")).toEqual(["13:00", "16:00"]);
  });
});

describe("the FX week", () => {
  it("opens Sunday 17:00 New York: 22:00 UTC before the March change, 21:00 UTC after", () => {
    expect(active("2024-03-03T21:59:00Z")).toEqual([]);
    expect(active("2024-03-03T22:00:00Z")).toEqual(["SYDNEY"]);
    expect(active("2024-03-10T20:59:00Z")).toEqual([]);
    expect(active("2024-03-10T21:00:00Z")).toEqual(["SYDNEY"]);
  });

  it("closes Friday 17:00 New York: 22:00 UTC before the March change, 21:00 UTC after", () => {
    expect(active("2024-03-08T21:59:00Z")).toEqual(["NEW_YORK"]);
    expect(active("2024-03-08T22:00:00Z")).toEqual([]);
    expect(active("2024-03-15T20:59:00Z")).toEqual(["NEW_YORK"]);
    expect(active("2024-03-15T21:00:00Z")).toEqual([]);
  });

  it("closes 21:00 UTC on the Friday before the November change and opens 22:00 UTC on the Sunday of it", () => {
    expect(active("2024-11-01T20:59:00Z")).toEqual(["NEW_YORK"]);
    expect(active("2024-11-01T21:00:00Z")).toEqual([]);
    expect(active("2024-11-03T21:59:00Z")).toEqual([]);
    expect(active("2024-11-03T22:00:00Z")).toEqual(["SYDNEY"]);
    expect(active("2025-11-02T22:00:00Z")).toEqual(["SYDNEY"]);
  });

  it("has no Saturday Sydney session in the last hour of the week (Saturday 07:00 AEDT is Friday 20:00 UTC)", () => {
    expect(active("2024-11-01T20:30:00Z")).toEqual(["NEW_YORK"]);
  });

  it("labels Saturday CLOSED, with nothing closing and Sydney opening at the Sunday open", () => {
    const saturday = sessionsAt(at("2024-03-09T12:00:00Z"));
    expect(saturday).toMatchObject({ active: [], mask: 0, primary: "CLOSED", closesAt: null });
    expect(saturday.next).toEqual({ session: "SYDNEY", opensAt: at("2024-03-10T21:00:00Z") });
  });
});

describe("sessionsAt", () => {
  it("answers the issue's example instant, 2024-03-12T12:30Z", () => {
    const snapshot = sessionsAt(at("2024-03-12T12:30:00Z"));
    expect(snapshot.active).toEqual(["LONDON", "NEW_YORK"]);
    expect(snapshot.primary).toBe("OVERLAP_LONDON_NY");
    expect(iso(snapshot.closesAt)).toBe("2024-03-12T16:00:00.000Z"); // London closes 16:00 GMT
    expect(snapshot.next).toEqual({ session: "SYDNEY", opensAt: at("2024-03-12T20:00:00Z") }); // 07:00 AEDT
  });

  it("gives the primary label by priority: LONDON before ASIAN while both are open", () => {
    // 2024-07-10 08:30 BST = 07:30 UTC; Tokyo 16:30 JST: both open.
    const snapshot = sessionsAt(at("2024-07-10T07:30:00Z"));
    expect(snapshot.active).toEqual(["LONDON", "ASIAN"]);
    expect(snapshot.primary).toBe("LONDON");
    expect(iso(snapshot.closesAt)).toBe("2024-07-10T15:00:00.000Z"); // 16:00 BST
    expect(snapshot.next).toEqual({ session: "NEW_YORK", opensAt: at("2024-07-10T12:00:00Z") });
  });

  it("keeps Sydney open across UTC midnight (07:00–16:00 AEST is 21:00–06:00 UTC)", () => {
    expect(active("2024-07-09T23:30:00Z")).toEqual(["SYDNEY"]);
    expect(active("2024-07-10T05:59:00Z")).toEqual(["ASIAN", "SYDNEY"]);
    expect(active("2024-07-10T06:00:00Z")).toEqual(["ASIAN"]);
  });

  it("closes everything on Christmas Day 2024, from 17:00 New York on the eve to 17:00 on the day", () => {
    // Sydney's 25 December opens at 07:00 AEDT = 20:00 UTC on the 24th, until the FX close.
    expect(active("2024-12-24T21:59:00Z")).toEqual(["NEW_YORK", "SYDNEY"]);
    expect(active("2024-12-24T22:00:00Z")).toEqual([]);
    const christmas = sessionsAt(at("2024-12-25T12:00:00Z"));
    expect(christmas.primary).toBe("CLOSED");
    // Sydney's 26 December opens at 07:00 AEDT = 20:00 UTC, but FX reopens only at 22:00 UTC.
    expect(christmas.next).toEqual({ session: "SYDNEY", opensAt: at("2024-12-25T22:00:00Z") });
    expect(active("2024-12-25T22:00:00Z")).toEqual(["SYDNEY"]);
  });

  it("ends New York at the Friday close, the earlier of its close and the market's", () => {
    const friday = sessionsAt(at("2024-03-15T20:00:00Z"));
    expect(friday.primary).toBe("NEW_YORK");
    expect(iso(friday.closesAt)).toBe("2024-03-15T21:00:00.000Z");
    expect(friday.next).toEqual({ session: "SYDNEY", opensAt: at("2024-03-17T21:00:00Z") });
  });

  it("is open as usual on a leap day", () => {
    expect(sessionsAt(at("2024-02-29T14:00:00Z")).primary).toBe("OVERLAP_LONDON_NY");
  });
});

describe("custom schedules", () => {
  const night = new SessionSchedule({
    sessions: [{ id: "NIGHT", zone: "Europe/London", open: "22:00", close: "02:00" }],
  });

  it("allow a session to cross local midnight", () => {
    expect(activeSessionMask(at("2024-01-09T21:59:00Z"), night)).toBe(0);
    expect(activeSessionMask(at("2024-01-09T22:00:00Z"), night)).toBe(1);
    expect(activeSessionMask(at("2024-01-10T01:59:00Z"), night)).toBe(1);
    expect(activeSessionMask(at("2024-01-10T02:00:00Z"), night)).toBe(0);
    // In summer the same wall times are an hour earlier in UTC.
    expect(activeSessionMask(at("2024-07-09T21:00:00Z"), night)).toBe(1);
    expect(activeSessionMask(at("2024-07-10T01:00:00Z"), night)).toBe(0);
  });

  it("name the session that ends the night in `closesAt`", () => {
    const snapshot = sessionsAt(at("2024-01-09T23:00:00Z"), night);
    expect(snapshot).toMatchObject({ active: ["NIGHT"], primary: "NIGHT" });
    expect(iso(snapshot.closesAt)).toBe("2024-01-10T02:00:00.000Z");
    expect(iso(snapshot.next?.opensAt ?? null)).toBe("2024-01-10T22:00:00.000Z");
  });

  it("put the labels in order: overlaps, sessions, CLOSED", () => {
    expect(DEFAULT_SESSION_SCHEDULE.labels).toEqual([
      "OVERLAP_LONDON_NY",
      "LONDON",
      "NEW_YORK",
      "ASIAN",
      "SYDNEY",
      "CLOSED",
    ]);
    expect(DEFAULT_SESSION_SCHEDULE.ids).toEqual(["LONDON", "NEW_YORK", "ASIAN", "SYDNEY"]);
  });

  it("reject a bad definition with SESSION_INVALID naming its path", () => {
    const bad =
      (sessions: unknown[], overlaps: unknown[] = []) =>
      () =>
        new SessionSchedule({ sessions, overlaps } as never);
    const session = { id: "X", zone: "UTC", open: "08:00", close: "09:00" };
    expect(bad([{ ...session, open: "8:00" }])).toThrow(
      expect.objectContaining({ code: "SESSION_INVALID", where: { path: "$.sessions[0].open" } }),
    );
    expect(bad([session, session])).toThrow(
      expect.objectContaining({ message: expect.stringContaining("used twice") }),
    );
    expect(bad([{ ...session, close: "08:00" }])).toThrow(
      expect.objectContaining({ message: "$.sessions[0]: open and close are both 08:00" }),
    );
    expect(bad([{ ...session, zone: "Mars/Olympus" }])).toThrow(
      expect.objectContaining({ code: "TIME_UNKNOWN_ZONE", where: { field: "$.sessions[0].zone" } }),
    );
    expect(bad([session], [{ id: "BOTH", sessions: ["X", "Y"] }])).toThrow(
      expect.objectContaining({ message: "$.overlaps[0]: no session 'Y'" }),
    );
    expect(bad(Array.from({ length: 9 }, (_, i) => ({ ...session, id: `S${i}` })))).toThrow(
      expect.objectContaining({ where: { path: "$.sessions" } }),
    );
  });
});
