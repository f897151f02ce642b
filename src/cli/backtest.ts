import type { MarketData } from "../core/run/index.ts";
import type { CliIo, Command } from "./command.ts";

/** Where the CLI's runs load data: the local cache under `dataDir` (set by the data layer). */
export type OpenMarketData = (dataDir: string, io: CliIo) => Promise<MarketData>;

export const BACKTEST_USAGE =
  "backtest <config.json> [--out result.json] [--quiet] [--json-events] [--variants all|<list>] [--monte-carlo <runs>] [--strict] [--data-dir <dir>]";

/** `pipscope backtest`: runs a session config headless with the app's engine. */
export function backtestCommand(openMarketData: OpenMarketData): Command {
  return {
    name: "backtest",
    summary: "Run a session config headless, printing the live log and the metrics",
    usage: BACKTEST_USAGE,
    details: `Options:
  --out <file>      write the full result JSON (the app opens the same file)
  --quiet           no live log, only the summary
  --json-events     print the run's events (SPEC §6) as JSON lines on stdout instead
  --variants <list> compare variants on the same data: all (the config's variants, else vanilla,
                    spiced, vanilla_full, spiced_full) or a list; prints the comparison table
  --monte-carlo <n> resample the trades into n equity paths after the run (default 1000, 0: off);
                    --mc-seed <n> (default 1) and --mc-drawdown <pct> (default 20: the drawdown
                    whose probability is printed)
  --strict          refuse (exit 2) a run whose cached data does not cover the requested range;
                    without it the run says what is missing and tests what is there
  --data-dir <dir>  the local cache (default .pipscope under the working directory)
Exit codes: 0 done, 1 the run failed (e.g. the strategy threw), 2 bad config or usage.
Example: pipscope backtest session_configs/eurusd-ma-cross-h1.json --out result.json`,
    run: async (args, io) => (await import("./backtest-run.ts")).runBacktestCommand(args, io, openMarketData),
  };
}
