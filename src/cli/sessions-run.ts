import { parseArgs } from "node:util";
import { Temporal } from "@js-temporal/polyfill";
import { PipscopeError } from "../core/errors.ts";
import { FX_CALENDAR, sessionsAt, systemClock, US_EQUITY_CALENDAR } from "../core/time/index.ts";
import { MS_PER_MINUTE, type UtcMs } from "../core/units.ts";
import { type CliIo, EXIT } from "./command.ts";
import { SESSIONS_USAGE as USAGE } from "./sessions.ts";

/** Lines a range may print: three years at 15m, bounded against a typo that would print millions. */
const MAX_LINES = 100_000;

/** One instant as the CLI prints it with --json (the format other tools read: keep it stable). */
export interface SessionsLine {
  utc: string;
  active: string[];
  primary: string;
  closes_in_minutes: number | null;
  next: { session: string; opens_at: string; minutes_until: number } | null;
  markets: { FX: "open" | "closed"; US_EQUITY: "pre_market" | "regular" | "post_market" | "closed" };
}

/** What is open at `ms`, in the CLI's JSON shape. */
export function sessionsLine(ms: UtcMs): SessionsLine {
  const snapshot = sessionsAt(ms);
  return {
    utc: new Date(ms).toISOString(),
    active: snapshot.active,
    primary: snapshot.primary,
    closes_in_minutes: snapshot.closesAt === null ? null : (snapshot.closesAt - ms) / MS_PER_MINUTE,
    next: snapshot.next && {
      session: snapshot.next.session,
      opens_at: new Date(snapshot.next.opensAt).toISOString(),
      minutes_until: (snapshot.next.opensAt - ms) / MS_PER_MINUTE,
    },
    markets: {
      FX: FX_CALENDAR.phaseAt(ms) as SessionsLine["markets"]["FX"],
      US_EQUITY: US_EQUITY_CALENDAR.phaseAt(ms) as SessionsLine["markets"]["US_EQUITY"],
    },
  };
}

/** An ISO 8601 instant with Z or an offset → UTC ms; anything else is bad usage naming the option. */
function parseInstant(text: string, option: string): UtcMs {
  try {
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    throw new PipscopeError(
      "CLI_BAD_TIME",
      `${option} '${text}' is not an instant; write it like 2024-03-12T12:30:00Z or 2024-03-12T08:30-04:00`,
    );
  }
}

const STEP_UNITS: Record<string, number> = {
  s: 1000,
  m: MS_PER_MINUTE,
  h: 60 * MS_PER_MINUTE,
  d: 1440 * MS_PER_MINUTE,
};

/** `15m`, `1h`, `30s`, `1d` → ms. */
function parseStep(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  const step = match ? Number(match[1]) * STEP_UNITS[match[2]] : 0;
  if (step <= 0) throw new PipscopeError("CLI_BAD_STEP", `--step '${text}' is not a duration like 15m, 1h, 30s or 1d`);
  return step;
}

/** `3h 30m` from minutes. */
function duration(minutes: number): string {
  const whole = Math.round(minutes);
  const days = Math.floor(whole / 1440);
  const hours = Math.floor((whole % 1440) / 60);
  const rest = whole % 60;
  return [days ? `${days}d` : "", hours ? `${hours}h` : "", rest ? `${rest}m` : ""].filter(Boolean).join(" ") || "0m";
}

const shortUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The readable form of one instant. */
function describeLine(line: SessionsLine): string {
  const rows = [
    ["UTC", `${line.utc.slice(0, 10)} ${line.utc.slice(11, 19)}`],
    ["Active", line.active.length ? line.active.join(", ") : "none"],
    [
      "Primary",
      line.closes_in_minutes === null ? line.primary : `${line.primary}, closes in ${duration(line.closes_in_minutes)}`,
    ],
    [
      "Next",
      line.next
        ? `${line.next.session} opens in ${duration(line.next.minutes_until)} (${shortUtc(line.next.opens_at)})`
        : "none within two weeks",
    ],
    ["FX", line.markets.FX],
    ["US_EQUITY", line.markets.US_EQUITY],
  ];
  return rows.map(([name, value]) => `${name.padEnd(10)} ${value}`).join("\n");
}

/** The readable table of a range: one row per instant. */
function describeTable(lines: SessionsLine[]): string {
  const header = ["UTC", "PRIMARY", "ACTIVE", "CLOSES IN", "NEXT OPEN", "FX", "US_EQUITY"];
  const rows = lines.map((line) => [
    shortUtc(line.utc),
    line.primary,
    line.active.join(",") || "-",
    line.closes_in_minutes === null ? "-" : duration(line.closes_in_minutes),
    line.next ? `${line.next.session} in ${duration(line.next.minutes_until)}` : "-",
    line.markets.FX,
    line.markets.US_EQUITY,
  ]);
  const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((row) => row[c].length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function options(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        at: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        step: { type: "string", default: "15m" },
        json: { type: "boolean", default: false },
      },
    }).values;
  } catch (error) {
    throw new PipscopeError("CLI_USAGE", `${(error as Error).message}. Usage: pipscope ${USAGE}`);
  }
}

/** `pipscope sessions`, run: what is open at an instant, or over a range, as text or JSON lines. */
export async function runSessions(args: string[], io: CliIo): Promise<number> {
  const values = options(args);
  if (values.at !== undefined && (values.from !== undefined || values.to !== undefined))
    throw new PipscopeError("CLI_USAGE", `give --at or --from/--to, not both. Usage: pipscope ${USAGE}`);
  if ((values.from === undefined) !== (values.to === undefined))
    throw new PipscopeError("CLI_USAGE", `--from and --to go together. Usage: pipscope ${USAGE}`);
  const instants: number[] = [];
  if (values.from !== undefined && values.to !== undefined) {
    const from = parseInstant(values.from, "--from");
    const to = parseInstant(values.to, "--to");
    const step = parseStep(values.step as string);
    if (to < from) throw new PipscopeError("CLI_BAD_RANGE", `--to ${values.to} is before --from ${values.from}`);
    if ((to - from) / step + 1 > MAX_LINES)
      throw new PipscopeError(
        "CLI_BAD_RANGE",
        `the range would print more than ${MAX_LINES} lines; use a larger --step`,
      );
    for (let t = from; t <= to; t += step) instants.push(t);
  } else instants.push(values.at !== undefined ? parseInstant(values.at, "--at") : systemClock.now());
  const lines = instants.map(sessionsLine);
  if (values.json) for (const line of lines) io.stdout.write(`${JSON.stringify(line)}\n`);
  else io.stdout.write(`${lines.length === 1 ? describeLine(lines[0]) : describeTable(lines)}\n`);
  return EXIT.ok;
}
