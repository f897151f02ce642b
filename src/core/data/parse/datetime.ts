import { PipscopeError } from "../../errors.ts";
import { epochDay } from "../../time/index.ts";
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from "../../units.ts";

type TokenKind = "YYYY" | "MM" | "DD" | "HH" | "mm" | "ss" | "SSS" | "Z";
interface Token {
  kind: TokenKind | "sep";
  /** A separator's character code. */
  char: number;
  /** Fixed digit count when the next element is another token (compact formats like 20240102). */
  width: number;
}

const TOKEN_KINDS: TokenKind[] = ["YYYY", "SSS", "MM", "DD", "HH", "mm", "ss", "Z"];
const FIXED_WIDTH: Record<TokenKind, number> = { YYYY: 4, MM: 2, DD: 2, HH: 2, mm: 2, ss: 2, SSS: 3, Z: 0 };
/** Once these are parsed, the rest of a value may be missing (seconds and fraction default to 0). */
const OPTIONAL_FROM: ReadonlySet<string> = new Set(["ss", "SSS", "Z"]);

/**
 * A date-time layout such as `YYYY.MM.DD HH:mm:ss.SSS`, compiled once and applied to millions of
 * fields without allocating. Tokens: YYYY MM DD HH mm ss SSS (a fraction of a second, any number of
 * digits) and Z (an offset suffix: `Z`, `UTC`, `GMT`, `+02:00`, `-0500`, `GMT+0800`). Any other
 * character is a separator matching itself, except that a space also matches `T` (so
 * `YYYY-MM-DD HH:mm` reads `2024-01-02 03:04` and `2024-01-02T03:04`) and a dot also matches a
 * comma (`05,123` seconds). Trailing seconds, fraction and offset may be missing. A layout without date tokens reads a time of day (ms after midnight).
 */
export class DateTimePattern {
  private readonly tokens: Token[];
  /** The offset (ms, local − UTC) read by the last `parse` from a Z token, or NaN when none. */
  offsetMs = Number.NaN;

  constructor(readonly pattern: string) {
    this.tokens = compile(pattern);
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
    const tokens = this.tokens;
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t];
      if (i >= end) {
        if (OPTIONAL_FROM.has(token.kind) || (token.kind === "sep" && OPTIONAL_FROM.has(tokens[t + 1]?.kind))) break;
        return Number.NaN;
      }
      if (token.kind === "sep") {
        if (separatorMatches(token.char, text.charCodeAt(i))) {
          i++;
          continue;
        }
        // `05Z` against `ss.SSSZ`: the optional fraction is absent, go straight to the zone.
        if (!OPTIONAL_FROM.has(tokens[t + 1]?.kind)) return Number.NaN;
        const zone = tokens.findIndex((k, at) => at > t && k.kind === "Z");
        if (zone < 0) break;
        t = zone - 1;
        continue;
      }
      if (token.kind === "Z") {
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
      const limit = token.width > 0 ? Math.min(end, i + token.width) : end;
      for (; i < limit; i++) {
        const c = text.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (token.kind === "SSS") {
          if (count < 3) {
            value = value * 10 + (c - 48);
            scale *= 10;
          }
        } else value = value * 10 + (c - 48);
        count++;
      }
      if (count === 0 || (token.width > 0 && token.kind !== "SSS" && count !== token.width)) return Number.NaN;
      switch (token.kind) {
        case "YYYY":
          year = value;
          break;
        case "MM":
          month = value;
          break;
        case "DD":
          day = value;
          break;
        case "HH":
          hour = value;
          break;
        case "mm":
          minute = value;
          break;
        case "ss":
          second = value;
          break;
        case "SSS":
          millis = (value * 1000) / scale;
          break;
      }
    }
    if (i < end && !isBlankTail(text, i, end)) return Number.NaN;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
    if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
    return (
      epochDay(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis
    );
  }
}

function compile(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const kind = TOKEN_KINDS.find((k) => pattern.startsWith(k, i));
    if (kind) {
      tokens.push({ kind, width: 0, char: 0 });
      i += kind.length;
    } else {
      if (/[A-Za-z]/.test(pattern[i])) {
        throw new PipscopeError(
          "DATA_BAD_DATE_FORMAT",
          `date format '${pattern}': unknown letter '${pattern[i]}' at ${i + 1}; use YYYY MM DD HH mm ss SSS Z and separators`,
          { field: "date-format" },
        );
      }
      tokens.push({ kind: "sep", width: 0, char: pattern.charCodeAt(i) });
      i++;
    }
  }
  for (let t = 0; t < tokens.length; t++) {
    const kind = tokens[t].kind;
    const next = tokens[t + 1];
    if (kind !== "sep" && kind !== "Z" && next && next.kind !== "sep" && next.kind !== "Z")
      tokens[t].width = FIXED_WIDTH[kind];
    // A fraction right before a zone suffix stops at the first non-digit anyway.
  }
  if (!tokens.some((t) => t.kind !== "sep")) {
    throw new PipscopeError("DATA_BAD_DATE_FORMAT", `date format '${pattern}' has no fields`, { field: "date-format" });
  }
  return tokens;
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
