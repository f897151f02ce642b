import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadSessionConfig } from "../core/config/index.ts";
import { makeQuietHost, makeStreamingHost } from "../core/engine/stream.ts";
import { PipscopeError } from "../core/errors.ts";
import { openRun } from "../core/run/index.ts";
import { type OpenMarketData, BACKTEST_USAGE as USAGE } from "./backtest.ts";
import { type CliIo, EXIT } from "./command.ts";
import { readTextFile } from "./files.ts";
import { initCliKernels } from "./kernels.ts";
import { monteCarloCliOptions, monteCarloSection } from "./print-monte-carlo.ts";
import { metricsTable } from "./print-run.ts";
import { startPrinter } from "./printer.ts";
import { checkCoverage, cliRunDeps } from "./run-deps.ts";
import { runVariantsCli } from "./variants.ts";

/** `pipscope backtest`, run: the config through the one run path, its live log, metrics and Monte Carlo. */
export async function runBacktestCommand(args: string[], io: CliIo, openMarketData: OpenMarketData): Promise<number> {
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
  const clock = {
    wallNow: () => Date.now(),
    yield: () => new Promise<void>((done) => setImmediate(done)),
    sleep: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)),
  };
  // --quiet reads no log line: the engine then builds none. Otherwise a thread prints, so the run
  // only packs its events and the lines are written on the other core.
  const quiet = values.quiet && !jsonEvents;
  const printer = quiet
    ? undefined
    : startPrinter(io, {
        json: jsonEvents,
        colour: Boolean((io.stdout as { isTTY?: boolean }).isTTY),
        progress: Boolean((io.stderr as { isTTY?: boolean }).isTTY) && !jsonEvents,
        logs: !values.quiet,
      });
  const host = printer ? makeStreamingHost({ ...clock, post: (batch) => printer.print(batch) }) : makeQuietHost(clock);
  const onInterrupt = () => host.cancel();
  process.once("SIGINT", onInterrupt);
  try {
    const input = await run.prepare(`cli-${Date.now().toString(36)}`);
    checkCoverage(input, io, strict);
    const result = await run.run(input, host);
    await printer?.end();
    if (values.out) await writeFile(resolve(io.cwd, values.out), JSON.stringify(result));
    if (!jsonEvents) {
      io.stdout.write(`\n${metricsTable(result)}\n${values.out ? `result written to ${values.out}\n` : ""}`);
      if (monteCarlo.runs > 0) io.stdout.write(`\n${monteCarloSection(result, monteCarlo)}\n`);
    }
    return EXIT.ok;
  } catch (error) {
    // Data problems (no such dataset, bad range) are bad input; a strategy's crash is a failed run.
    await printer?.end();
    if (error instanceof PipscopeError && !["STRATEGY_ERROR", "BACKTEST_CANCELLED"].includes(error.code)) throw error;
    io.stderr.write(`pipscope: backtest failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT.failed;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
