import { z } from "zod";
import { PipscopeError } from "../errors.ts";
import { FX_CALENDAR } from "./calendars.ts";
import { isoWeekday, localMs, parseHhMm } from "./civil.ts";
import type { MarketCalendar } from "./market-calendar.ts";
import { checkZone, ZoneOffsets } from "./zone-offsets.ts";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ID = /^[A-Z][A-Z0-9_]*$/;

/**
 * One trading session: [open, close) in its own zone on each of its weekdays (Monday–Friday unless
 * told: Sydney opens Monday 07:00 local, which is still Sunday in UTC, and has no Saturday session);
 * a close before the open crosses local midnight.
 */
export const sessionDefinitionSchema = z.strictObject({
  id: z.string().regex(ID, "an id in capitals, e.g. LONDON"),
  name: z.string().min(1).optional(),
  zone: z.string().min(1).describe("IANA time zone, e.g. Europe/London"),
  open: z.string().regex(HH_MM, "a local time HH:MM"),
  close: z.string().regex(HH_MM, "a local time HH:MM"),
  weekdays: z
    .array(z.number().int().min(1).max(7))
    .min(1)
    .optional()
    .describe("ISO weekdays (1 Monday … 7 Sunday) on which it opens, local; Monday to Friday if omitted."),
});
export type SessionDefinition = z.infer<typeof sessionDefinitionSchema>;

/** A label given while both sessions are open, e.g. OVERLAP_LONDON_NY. */
export const overlapDefinitionSchema = z.strictObject({
  id: z.string().regex(ID, "an id in capitals, e.g. OVERLAP_LONDON_NY"),
  sessions: z.tuple([z.string(), z.string()]),
});
export type OverlapDefinition = z.infer<typeof overlapDefinitionSchema>;

/**
 * Sessions (at most 8: one bit each in a Uint8Array mask), in priority order for the primary
 * label, and the overlaps that take precedence over them.
 */
export const sessionScheduleSchema = z.strictObject({
  sessions: z.array(sessionDefinitionSchema).min(1).max(8),
  overlaps: z.array(overlapDefinitionSchema).default([]),
});
export type SessionScheduleInput = z.input<typeof sessionScheduleSchema>;

/**
 * SPEC §4 defaults, in the primary label's priority order (LONDON, NEW_YORK, ASIAN, SYDNEY). Hours
 * are local in each zone, so DST moves each session in UTC on its own zone's dates.
 */
export const DEFAULT_SESSIONS: readonly SessionDefinition[] = [
  { id: "LONDON", name: "London", zone: "Europe/London", open: "08:00", close: "16:00" },
  { id: "NEW_YORK", name: "New York", zone: "America/New_York", open: "08:00", close: "17:00" },
  { id: "ASIAN", name: "Asian (Tokyo)", zone: "Asia/Tokyo", open: "09:00", close: "18:00" },
  { id: "SYDNEY", name: "Sydney", zone: "Australia/Sydney", open: "07:00", close: "16:00" },
];
export const DEFAULT_OVERLAPS: readonly OverlapDefinition[] = [
  { id: "OVERLAP_LONDON_NY", sessions: ["LONDON", "NEW_YORK"] },
];

/** The label of an instant when no session is open, or outside the market's trading hours. */
export const CLOSED = "CLOSED";

interface CompiledSession {
  definition: SessionDefinition;
  offsets: ZoneOffsets;
  openMinutes: number;
  /** Close in minutes after the local midnight of the opening day (past 1440 when crossing midnight). */
  closeMinutes: number;
  /** Bit w set when the session opens on ISO weekday w. */
  weekdayBits: number;
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * A validated set of sessions, gated by a market calendar (FX by default: outside the FX week and on
 * FX holidays every session is closed, SPEC §4). Bit `i` of a mask is `ids[i]`; a primary label is
 * an index into `labels` (overlaps, then sessions, then CLOSED).
 */
export class SessionSchedule {
  readonly ids: readonly string[];
  readonly labels: readonly string[];
  readonly definitions: readonly SessionDefinition[];
  /** Primary label index of each of the 256 masks. */
  readonly primaryOfMask: Uint8Array;
  /** Per label, the mask of the sessions it stands for (an overlap: both; CLOSED: none). */
  readonly membersOfLabel: readonly number[];
  private readonly compiled: CompiledSession[];

  constructor(
    input: SessionScheduleInput,
    readonly market: MarketCalendar = FX_CALENDAR,
  ) {
    const parsed = sessionScheduleSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = `$${issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("")}`;
      throw new PipscopeError("SESSION_INVALID", `${path}: ${issue.message.replace(/^Invalid input: /, "")}`, {
        path,
      });
    }
    const { sessions, overlaps } = parsed.data;
    const ids = sessions.map((s) => s.id);
    sessions.forEach((session, i) => {
      const path = `$.sessions[${i}]`;
      if (session.id === CLOSED || ids.indexOf(session.id) !== i)
        throw new PipscopeError("SESSION_INVALID", `${path}.id: '${session.id}' is reserved or used twice`, { path });
      if (session.open === session.close)
        throw new PipscopeError("SESSION_INVALID", `${path}: open and close are both ${session.open}`, { path });
      checkZone(session.zone, `${path}.zone`);
    });
    overlaps.forEach((overlap, i) => {
      const path = `$.overlaps[${i}]`;
      const unknown = overlap.sessions.find((id) => !ids.includes(id));
      if (unknown) throw new PipscopeError("SESSION_INVALID", `${path}: no session '${unknown}'`, { path });
      if (ids.includes(overlap.id) || overlap.id === CLOSED)
        throw new PipscopeError("SESSION_INVALID", `${path}.id: '${overlap.id}' is already a session id`, { path });
    });
    this.ids = ids;
    this.definitions = sessions;
    this.labels = [...overlaps.map((o) => o.id), ...ids, CLOSED];
    this.compiled = sessions.map((definition) => {
      const openMinutes = parseHhMm(definition.open);
      const close = parseHhMm(definition.close);
      return {
        definition,
        offsets: ZoneOffsets.of(definition.zone),
        openMinutes,
        closeMinutes: close > openMinutes ? close : close + 24 * 60,
        weekdayBits: (definition.weekdays ?? WEEKDAYS).reduce((bits, w) => bits | (1 << w), 0),
      };
    });
    const bit = (id: string) => 1 << ids.indexOf(id);
    this.membersOfLabel = [...overlaps.map((o) => bit(o.sessions[0]) | bit(o.sessions[1])), ...ids.map(bit), 0];
    this.primaryOfMask = new Uint8Array(256);
    for (let mask = 0; mask < 256; mask++) {
      const overlap = overlaps.findIndex((o) => o.sessions.every((id) => mask & bit(id)));
      const session = ids.findIndex((_, i) => mask & (1 << i));
      this.primaryOfMask[mask] =
        overlap >= 0 ? overlap : session >= 0 ? overlaps.length + session : this.labels.length - 1;
    }
  }

  /** The zone offsets of session `i`. */
  offsetsOf(i: number): ZoneOffsets {
    return this.compiled[i].offsets;
  }

  /**
   * Session `i`'s occurrence that opens on local day `day` (epoch day in its zone), as UTC ms
   * [open, close), or null when it does not open that weekday. Wall times skipped or repeated by a
   * DST change resolve like Temporal's "compatible" disambiguation.
   */
  occurrence(i: number, day: number): [number, number] | null {
    const { offsets, openMinutes, closeMinutes, weekdayBits } = this.compiled[i];
    if (!(weekdayBits & (1 << isoWeekday(day)))) return null;
    return [offsets.toUtc(localMs(day, openMinutes)), offsets.toUtc(localMs(day, closeMinutes))];
  }
}

/** The SPEC §4 sessions and the London/New York overlap, gated by the FX calendar. */
export const DEFAULT_SESSION_SCHEDULE = new SessionSchedule({
  sessions: [...DEFAULT_SESSIONS],
  overlaps: [...DEFAULT_OVERLAPS],
});
