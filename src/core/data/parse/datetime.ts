import { PipscopeError } from "../../errors.ts";
import { epochDay } from "../../time/index.ts";
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from "../../units.ts";

type TokenName = "YYYY" | "MM" | "DD" | "HH" | "mm" | "ss" | "SSS" | "Z";

// Token kinds as small integers: the parse loop runs millions of times and compares numbers.
const SEP = 0;
const YEAR = 1;
const MONTH = 2;
const DAY = 3;
const HOUR = 4;
const MINUTE = 5;
const SECOND = 6;
const FRACTION = 7;
const ZONE = 8;
/** Once a token of this kind or later is reached, the rest of a value may be missing (seconds, fraction, zone). */
const OPTIONAL_FROM = SECOND;

const TOKEN_NAMES: TokenName[] = ["YYYY", "SSS", "MM", "DD", "HH", "mm", "ss", "Z"];
const KIND_OF: Record<TokenName, number> = {
  YYYY: YEAR,
  MM: MONTH,
  DD: DAY,
  HH: HOUR,
  mm: MINUTE,
  ss: SECOND,
  SSS: FRACTION,
  Z: ZONE,
};
const FIXED_WIDTH: Record<number, number> = {
  [YEAR]: 4,
  [MONTH]: 2,
  [DAY]: 2,
  [HOUR]: 2,
  [MINUTE]: 2,
  [SECOND]: 2,
  [FRACTION]: 3,
};

/** A compiled layout: per token its kind, a separator's character code, and a fixed digit count. */
interface Compiled {
  kinds: Int8Array;
  chars: Int32Array;
  /** Fixed digit count when the next element is another token (compact formats like 20240102), else 0. */
  widths: Int8Array;
}

/**
 * A date-time layout such as `YYYY.MM.DD HH:mm:ss.SSS`, compiled once and applied to millions of
 * fields without allocating. Tokens: YYYY MM DD HH mm ss SSS (a fraction of a second, any number of
 * digits) and Z (an offset suffix: `Z`, `UTC`, `GMT`, `+02:00`, `-0500`, `GMT+0800`). Any other
 * character is a separator matching itself, except that a space also matches `T` (so
 * `YYYY-MM-DD HH:mm` reads `2024-01-02 03:04` and `2024-01-02T03:04`) and a dot also matches a
 * comma (`05,123` seconds). Trailing seconds, fraction and offset may be missing. A layout without date tokens reads a time of day (ms after midnight).
 */
export class DateTimePattern {
  private readonly kinds: Int8Array;
  private readonly chars: Int32Array;
  private readonly widths: Int8Array;
  /** The offset (ms, local − UTC) read by the last `parse` from a Z token, or NaN when none. */
  offsetMs = Number.NaN;
  /** Whether the layout has a Z token (then `offsetMs` depends on each value). */
  readonly hasZone: boolean;

  constructor(readonly pattern: string) {
    const compiled = compile(pattern);
    this.kinds = compiled.kinds;
    this.chars = compiled.chars;
    this.widths = compiled.widths;
    this.hasZone = this.kinds.includes(ZONE);
  }

  /**
   * Local wall time of `text[start, end)` as ms since 1970-01-01 (the wall clock encoded as if it
   * were UTC), or NaN when it does not match or names an impossible date or time.
   */
  parse(text: string, start: number, end: number): number {
    let year = 1970;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let millis = 0;
    this.offsetMs = Number.NaN;
    let i = start;
    const kinds = this.kinds;
    const n = kinds.length;
    for (let t = 0; t < n; t++) {
      const kind = kinds[t];
      if (i >= end) {
        if (kind >= OPTIONAL_FROM || (kind === SEP && t + 1 < n && kinds[t + 1] >= OPTIONAL_FROM)) break;
        return Number.NaN;
      }
      if (kind === SEP) {
        if (separatorMatches(this.chars[t], text.charCodeAt(i))) {
          i++;
          continue;
        }
        // `05Z` against `ss.SSSZ`: the optional fraction is absent, go straight to the zone.
        if (!(t + 1 < n && kinds[t + 1] >= OPTIONAL_FROM)) return Number.NaN;
        const zone = kinds.indexOf(ZONE, t + 1);
        if (zone < 0) break;
        t = zone - 1;
        continue;
      }
      if (kind === ZONE) {
        const offset = parseOffset(text, i, end);
        if (Number.isNaN(offset)) return Number.NaN;
        this.offsetMs = offset;
        i = end;
        continue;
      }
      // Digits: a fixed count in compact layouts, else as many as there are.
      let value = 0;
      let count = 0;
      let scale = 1;
      const width = this.widths[t];
      const limit = width > 0 ? Math.min(end, i + width) : end;
      for (; i < limit; i++) {
        const c = text.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (kind === FRACTION) {
          if (count < 3) {
            value = value * 10 + (c - 48);
            scale *= 10;
          }
        } else value = value * 10 + (c - 48);
        count++;
      }
      if (count === 0 || (width > 0 && kind !== FRACTION && count !== width)) return Number.NaN;
      if (kind === YEAR) year = value;
      else if (kind === MONTH) month = value;
      else if (kind === DAY) day = value;
      else if (kind === HOUR) hour = value;
      else if (kind === MINUTE) minute = value;
      else if (kind === SECOND) second = value;
      else millis = (value * 1000) / scale;
    }
    if (i < end && !isBlankTail(text, i, end)) return Number.NaN;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
    if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
    return (
      epochDay(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis
    );
  }
}

function compile(pattern: string): Compiled {
  const kinds: number[] = [];
  const chars: number[] = [];
  let i = 0;
  while (i < pattern.length) {
    const name = TOKEN_NAMES.find((k) => pattern.startsWith(k, i));
    if (name) {
      kinds.push(KIND_OF[name]);
      chars.push(0);
      i += name.length;
    } else {
      if (/[A-Za-z]/.test(pattern[i])) {
        throw new PipscopeError(
          "DATA_BAD_DATE_FORMAT",
          `date format '${pattern}': unknown letter '${pattern[i]}' at ${i + 1}; use YYYY MM DD HH mm ss SSS Z and separators`,
          { field: "date-format" },
        );
      }
      kinds.push(SEP);
      chars.push(pattern.charCodeAt(i));
      i++;
    }
  }
  const widths = new Int8Array(kinds.length);
  for (let t = 0; t < kinds.length; t++) {
    const kind = kinds[t];
    const next = kinds[t + 1];
    // Two tokens with no separator between them (20240102): each has its fixed width. A fraction
    // right before a zone suffix stops at the first non-digit anyway.
    if (kind !== SEP && kind !== ZONE && next !== undefined && next !== SEP && next !== ZONE)
      widths[t] = FIXED_WIDTH[kind] ?? 0;
  }
  if (!kinds.some((k) => k !== SEP)) {
    throw new PipscopeError("DATA_BAD_DATE_FORMAT", `date format '${pattern}' has no fields`, { field: "date-format" });
  }
  return { kinds: Int8Array.from(kinds), chars: Int32Array.from(chars), widths };
}

function separatorMatches(expected: number, actual: number): boolean {
  if (actual === expected) return true;
  if (expected === 32) return actual === 84; // ' ' ~ 'T'
  if (expected === 46) return actual === 44; // '.' ~ ','
  return false;
}

function isBlankTail(text: string, i: number, end: number): boolean {
  for (; i < end; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * An offset suffix starting at `i` (spaces allowed before it): `Z`, `UTC`/`GMT` alone or followed
 * by `±H`, `±HH`, `±HHMM` or `±HH:MM`, or a bare `±HH:MM` / `±HHMM`. Returns ms (local − UTC) or NaN.
 */
export function parseOffset(text: string, i: number, end: number): number {
  while (i < end && text.charCodeAt(i) === 32) i++;
  if (i >= end) return Number.NaN;
  const rest = text.slice(i, end).trim();
  if (rest === "Z" || rest === "UTC" || rest === "GMT") return 0;
  const match = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(rest);
  if (!match) return Number.NaN;
  const hours = Number(match[2]);
  const minutes = match[3] ? Number(match[3]) : 0;
  if (hours > 14 || minutes > 59) return Number.NaN;
  return (match[1] === "-" ? -1 : 1) * (hours * MS_PER_HOUR + minutes * MS_PER_MINUTE);
}
