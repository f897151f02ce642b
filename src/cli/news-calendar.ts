import { dirname, resolve } from "node:path";
import { PipscopeError } from "../core/errors.ts";
import { FX_RUN_CALENDAR, type RunCalendar } from "../core/run/index.ts";
import { importNewsFile } from "../core/time/index.ts";
import type { CliIo } from "./command.ts";
import { readBytes } from "./news-run.ts";

/**
 * The run calendar of `pipscope backtest`: FX sessions and rollovers, and news read from the
 * calendar file a config names (`news.file`, relative to the config). Malformed rows are skipped
 * with a warning on stderr naming line and field, as `pipscope news import` does; a file with
 * no event at all is bad input.
 */
export function cliRunCalendar(configFile: string, io: CliIo): RunCalendar {
  const configDir = dirname(resolve(io.cwd, configFile));
  return {
    ...FX_RUN_CALENDAR,
    async news(file) {
      if (!file) {
        throw new PipscopeError(
          "CONFIG_NEWS_UNAVAILABLE",
          "the command line keeps no imported calendar: set news.file to a calendar export, or give news.events inline",
          { file: configFile, path: "$.news" },
        );
      }
      const result = importNewsFile(await readBytes(resolve(configDir, file.path), file.path), {
        file: file.path,
        zone: file.zone,
      });
      for (const error of result.errors) io.stderr.write(`pipscope: warning: ${error.describe()} (row skipped)\n`);
      if (result.events.length === 0)
        throw new PipscopeError("NEWS_NO_EVENTS", `no event could be read from ${file.path}`, { file: file.path });
      return result.events;
    },
  };
}
