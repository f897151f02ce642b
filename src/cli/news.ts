import type { Command } from "./command.ts";

export const NEWS_IMPORT_USAGE = "news import <file> [--tz <zone>] [--json]";

const importCommand: Command = {
  name: "import",
  summary: "Read an economic-calendar export and print its events",
  usage: NEWS_IMPORT_USAGE,
  details: `Formats: ForexFactory JSON (dates with an offset), CSV with the header
Title,Country,Date,Time,Impact,Forecast,Previous (times like 9:00pm or All Day), and XML
(windows-1252, CDATA), detected from the content.

Options:
  --tz <zone>   IANA zone of CSV and XML times (default UTC), e.g. America/New_York
  --json        print the events as a JSON array:
                [{"time", "all_day", "currency", "impact", "title", "forecast", "previous"}]

Malformed rows are skipped: each is reported on stderr with its line and field, then a count.
Exit code 0 when at least one event was read, 2 when none.

Example: pipscope news import ff_calendar_thisweek.xml --tz America/New_York --json`,
  run: async (args, io) => (await import("./news-run.ts")).runNewsImport(args, io),
};

/** `pipscope news`: economic-calendar files. */
export const newsCommand: Command = {
  name: "news",
  summary: "Economic-calendar events (imports) for news kill zones",
  usage: "news <command>",
  subcommands: [importCommand],
};
