import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadSessionConfig } from "../core/config/index.ts";
import { makeStreamingHost } from "../core/engine/stream.ts";
import { PipscopeError } from "../core/errors.ts";
import { unpackEvents } from "../core/protocol/event-batch.ts";
import { type MarketData, openRun } from "../core/run/index.ts";
import { type CliIo, type Command, EXIT } from "./command.ts";
import { readTextFile } from "./files.ts";
import { initCliKernels } from "./kernels.ts";
import { monteCarloCliOptions, monteCarloSection } from "./print-monte-carlo.ts";
import { makeRunPrinter, metricsTable } from "./print-run.ts";
import { checkCoverage, cliRunDeps } from "./run-deps.ts";
import { runVariantsCli } from "./variants.ts";

/** Where the CLI's runs load data: the local cache under `dataDir` (set by the data layer). */
export type OpenMarketData = (dataDir: string, io: CliIo) => Promise<MarketData>;

const USAGE =
  "backtest <config.json> [--out result.json] [--quiet] [--json-events] [--variants all|<list>] [--monte-carlo <runs>] [--strict] [--data-dir <dir>]";

/** `pipscope backtest`: runs a session config headless with the app's engine. */
export function backtestCommand(openMarketData: OpenMarketData): Command {
  return {
    name: "backtest",
    summary: "Run a session config headless, printing the live log and the metrics",
    usage: USAGE,
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
    async run(args, io) {
      const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
          out: { type: "string" },
          quiet: { type: "boolean", default: false },
          "json-events": { type: "boolean", default: false },
          "data-dir": { type: "string" },
          variants: { type: "string" },
          "monte-carlo": { type: "string" },
          "mc-seed": { type: "string" },
          "mc-drawdown": { type: "string" },
          strict: { type: "boolean", default: false },
        },
      });
      const monteCarlo = monteCarloCliOptions(values);
      if (positionals.length !== 1)
        throw new PipscopeError("CLI_USAGE", `expected one config file. Usage: pipscope ${USAGE}`);
      if (values.variants !== undefined && values["json-events"])
        throw new PipscopeError(
          "CLI_USAGE",
          "--json-events streams one run's events; with --variants, write the results with --out",
        );
      const file = positionals[0];
      const config = loadSessionConfig(await readTextFile(resolve(io.cwd, file), file), file);
      const market = await openMarketData(resolve(io.cwd, values["data-dir"] ?? ".pipscope"), io);
      await initCliKernels(io.stderr);
      const run = await openRun(config, file, cliRunDeps(file, market, io));
      const strict = values.strict as boolean;
      if (values.variants !== undefined)
        return runVariantsCli(
          { run, variants: values.variants, out: values.out, quiet: values.quiet as boolean, strict, monteCarlo },
          io,
        );
      const jsonEvents = values["json-events"] as boolean;
      const print = makeRunPrinter(io.stdout, io.stderr, {
        colour: Boolean((io.stdout as { isTTY?: boolean }).isTTY),
        progress: Boolean((io.stderr as { isTTY?: boolean }).isTTY) && !jsonEvents,
        logs: !values.quiet && !jsonEvents,
      });
      const host = makeStreamingHost({
        wallNow: () => Date.now(),
        post: (packed) => {
          const batch = unpackEvents(packed);
          if (jsonEvents) io.stdout.write(`${batch.map((e) => JSON.stringify(e)).join("\n")}\n`);
          else print(batch);
        },
        yield: () => new Promise((done) => setImmediate(done)),
        sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      });
      const onInterrupt = () => host.cancel();
      process.once("SIGINT", onInterrupt);
      try {
        const input = await run.prepare(`cli-${Date.now().toString(36)}`);
        checkCoverage(input, io, strict);
        const result = await run.run(input, host);
        if (values.out) await writeFile(resolve(io.cwd, values.out), JSON.stringify(result));
        if (!jsonEvents) {
          io.stdout.write(`\n${metricsTable(result)}\n${values.out ? `result written to ${values.out}\n` : ""}`);
          if (monteCarlo.runs > 0) io.stdout.write(`\n${monteCarloSection(result, monteCarlo)}\n`);
        }
        return EXIT.ok;
      } catch (error) {
        // Data problems (no such dataset, bad range) are bad input; a strategy's crash is a failed run.
        if (error instanceof PipscopeError && !["STRATEGY_ERROR", "BACKTEST_CANCELLED"].includes(error.code))
          throw error;
        io.stderr.write(`pipscope: backtest failed: ${error instanceof Error ? error.message : String(error)}\n`);
        if (error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
        return EXIT.failed;
      } finally {
        process.off("SIGINT", onInterrupt);
      }
    },
  };
}
