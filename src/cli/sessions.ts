import type { Command } from "./command.ts";

export const SESSIONS_USAGE = "sessions [--at <instant> | --from <instant> --to <instant> --step <15m>] [--json]";

/** `pipscope sessions`: which trading sessions and markets are open at an instant or over a range. */
export const sessionsCommand: Command = {
  name: "sessions",
  summary: "Show the open trading sessions and markets at an instant or over a range",
  usage: SESSIONS_USAGE,
  details: `Options:
  --at <instant>    the instant (ISO 8601 with Z or an offset); now if omitted
  --from, --to      a range instead, both included, one line per --step (default 15m; s, m, h, d)
  --json            one JSON object per instant, one per line:
                    {"utc", "active", "primary", "closes_in_minutes", "next": {"session", "opens_at",
                    "minutes_until"}, "markets": {"FX": open|closed, "US_EQUITY":
                    pre_market|regular|post_market|closed}}

Sessions (SPEC §4): SYDNEY 07:00–16:00 Australia/Sydney, ASIAN 09:00–18:00 Asia/Tokyo, LONDON
08:00–16:00 Europe/London, NEW_YORK 08:00–17:00 America/New_York, each in its own zone's DST,
only inside the FX week (Sunday 17:00 to Friday 17:00 New York).

Examples:
  pipscope sessions --at 2024-03-12T12:30:00Z --json
  pipscope sessions --from 2024-03-11T00:00:00Z --to 2024-03-11T23:45:00Z --step 15m`,
  run: async (args, io) => (await import("./sessions-run.ts")).runSessions(args, io),
};
