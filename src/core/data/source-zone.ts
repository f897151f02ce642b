import { PipscopeError } from "../errors.ts";
import { ZoneOffsets } from "../time/index.ts";
import { MS_PER_HOUR, type UtcMs } from "../units.ts";
import { parseOffset } from "./parse/datetime.ts";
import { SOURCE_ZONE_HELP } from "./source-zone-help.ts";

/**
 * The timezone a file's times are written in (issue 5: stored times are UTC, the source zone is
 * explicit). `mt5-server` is the common MT5 broker clock: UTC+2, UTC+3 while New York is on DST,
 * so that its midnight is always 17:00 New York (the FX rollover).
 */
export type SourceZone =
  | { kind: "utc" }
  | { kind: "offset"; offsetMs: number }
  | { kind: "iana"; zone: string }
  | { kind: "mt5-server" };

/**
 * Parses a source timezone: `UTC`, a fixed offset (`+02:00`, `-0500`, `UTC+2`, `GMT-05:00`), an
 * IANA zone (`Europe/Berlin`, `EET`) or `mt5-server`.
 * @throws PipscopeError `DATA_BAD_TIMEZONE` naming the value and the accepted forms.
 */
export function parseSourceZone(text: string, field = "tz"): SourceZone {
  const value = text.trim();
  if (/^(utc|gmt|z)$/i.test(value)) return { kind: "utc" };
  if (value.toLowerCase() === "mt5-server") return { kind: "mt5-server" };
  if (/^(utc|gmt)?[+-]\d/i.test(value)) {
    const offsetMs = parseOffset(value.toUpperCase(), 0, value.length);
    if (Number.isNaN(offsetMs)) throw badZone(value, field);
    return offsetMs === 0 ? { kind: "utc" } : { kind: "offset", offsetMs };
  }
  try {
    ZoneOffsets.of(value);
  } catch {
    throw badZone(value, field);
  }
  return { kind: "iana", zone: value };
}

function badZone(value: string, field: string): PipscopeError {
  return new PipscopeError("DATA_BAD_TIMEZONE", `'${value}' is not a timezone: use ${SOURCE_ZONE_HELP}`, { field });
}

/** The canonical text of a source zone, as stored in the catalog (`+02:00`, `Europe/Berlin`, …). */
export function formatSourceZone(zone: SourceZone): string {
  switch (zone.kind) {
    case "utc":
      return "UTC";
    case "mt5-server":
      return "mt5-server";
    case "iana":
      return zone.zone;
    case "offset": {
      const minutes = Math.abs(zone.offsetMs) / 60_000;
      const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
      const mm = String(minutes % 60).padStart(2, "0");
      return `${zone.offsetMs < 0 ? "-" : "+"}${hh}:${mm}`;
    }
  }
}

/** MT5 server time runs 7 hours ahead of New York all year (UTC+2 vs −5, UTC+3 vs −4). */
const MT5_SERVER_AHEAD_OF_NEW_YORK = 7 * MS_PER_HOUR;

/**
 * A function from local wall time (ms, the wall clock encoded as if it were UTC) to UTC ms. Wall
 * times repeated or skipped by a DST change resolve like Temporal's "compatible" (the earlier
 * instant; forward across a gap). Zone tables are read once per year, not per row.
 */
export function toUtcConverter(zone: SourceZone): (local: number) => UtcMs {
  switch (zone.kind) {
    case "utc":
      return (local) => local;
    case "offset": {
      const offset = zone.offsetMs;
      return (local) => local - offset;
    }
    case "iana": {
      const offsets = ZoneOffsets.of(zone.zone);
      return (local) => offsets.toUtc(local);
    }
    case "mt5-server": {
      const newYork = ZoneOffsets.of("America/New_York");
      return (local) => newYork.toUtc(local - MT5_SERVER_AHEAD_OF_NEW_YORK);
    }
  }
}
