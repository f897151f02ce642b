import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { PipscopeError } from "../core/errors.ts";
import { importNewsFile, type NewsEvent } from "../core/time/index.ts";
import { type CliIo, EXIT } from "./command.ts";
import { NEWS_IMPORT_USAGE as IMPORT_USAGE } from "./news.ts";

/** An event as `news import --json` prints it (other tools read it: keep it stable). */
export function newsEventJson(event: NewsEvent) {
  return {
    time: new Date(event.time).toISOString(),
    all_day: event.allDay,
    currency: event.currency,
    impact: event.impact,
    title: event.title,
    forecast: event.forecast,
    previous: event.previous,
  };
}

/** Events grouped by UTC day, one line each: time, currency, impact, title, forecast, previous. */
function describeEvents(events: NewsEvent[]): string {
  const lines: string[] = [];
  let day = "";
  for (const event of events) {
    const iso = new Date(event.time).toISOString();
    if (iso.slice(0, 10) !== day) {
      day = iso.slice(0, 10);
      lines.push(`${lines.length ? "\n" : ""}${day} (UTC)`);
    }
    const numbers = [event.forecast && `forecast ${event.forecast}`, event.previous && `previous ${event.previous}`]
      .filter(Boolean)
      .join(", ");
    const time = event.allDay ? "all day" : iso.slice(11, 16);
    lines.push(
      `  ${time.padEnd(7)} ${event.currency}  ${event.impact.padEnd(7)} ${event.title}${numbers ? `  (${numbers})` : ""}`,
    );
  }
  return lines.join("\n");
}

/** Reads a file's bytes; a missing or unreadable file is a CLI_BAD_FILE error naming `shown`. */
export async function readBytes(path: string, shown: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new PipscopeError("CLI_BAD_FILE", `cannot read ${shown}: ${why}`, { file: shown });
  }
}

/** `pipscope news import`, run: reads a calendar export and prints its events. */
export async function runNewsImport(args: string[], io: CliIo): Promise<number> {
  let parsed: { values: { tz?: string; json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { tz: { type: "string" }, json: { type: "boolean", default: false } },
    });
  } catch (error) {
    throw new PipscopeError("CLI_USAGE", `${(error as Error).message}. Usage: pipscope ${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new PipscopeError("CLI_USAGE", `expected one calendar file. Usage: pipscope ${IMPORT_USAGE}`);
  const file = positionals[0];
  const result = importNewsFile(await readBytes(resolve(io.cwd, file), file), { file, zone: values.tz });
  for (const error of result.errors) io.stderr.write(`pipscope: ${error.describe()}\n`);
  const total = result.events.length + result.errors.length;
  if (result.errors.length)
    io.stderr.write(`pipscope: skipped ${result.errors.length} of ${total} rows; imported ${result.events.length}\n`);
  if (values.json)
    io.stdout.write(`[${result.events.map((e) => `\n${JSON.stringify(newsEventJson(e))}`).join(",")}\n]\n`);
  else if (result.events.length) io.stdout.write(`${describeEvents(result.events)}\n`);
  return result.events.length > 0 || total === 0 ? EXIT.ok : EXIT.usage;
}
