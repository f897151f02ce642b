import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { KERNELS_WASM } from "../../wasm/build.mjs";
import type { BacktestInput } from "../core/engine/backtest.ts";
import { PipscopeError } from "../core/errors.ts";
import { loadKernels } from "../core/kernels/index.ts";
import type { MarketData, RunDeps } from "../core/run/index.ts";
import { readBots } from "./bot-files.ts";
import type { CliIo } from "./command.ts";
import { cliRunCalendar } from "./news-calendar.ts";

/** What the CLI's runs of `file` take: the local cache, news and bots files beside the config, wasm kernels. */
export function cliRunDeps(file: string, market: MarketData, io: CliIo): RunDeps {
  const configDir = dirname(resolve(io.cwd, file));
  return {
    market,
    calendar: cliRunCalendar(file, io),
    now: () => Date.now(),
    readBots: (botsFile) => readBots(botsFile, configDir),
    kernels: async () => (await loadKernels(() => readFile(KERNELS_WASM))).kernels,
  };
}

/**
 * Says before a run starts what its data does not cover of the requested range, and which dataset
 * it reads when the symbol has others; with `strict`, a range the data does not cover is bad input.
 */
export function checkCoverage(input: BacktestInput, io: CliIo, strict: boolean): void {
  const gap = input.coverageGap;
  if (gap && strict) throw new PipscopeError("DATA_RANGE_NOT_COVERED", `${gap} (--strict)`);
  if (gap) io.stderr.write(`pipscope: warning: ${gap}: the run tests only that (--strict refuses it)\n`);
  const origin = input.origin;
  if (origin?.alternatives.length)
    io.stderr.write(
      `pipscope: ${input.instrument.symbol} runs on its dataset '${origin.name}'${origin.synthetic ? " (SYNTHETIC)" : ""}; it also has ${origin.alternatives.join(", ")} (choose with session_data_config.datasets)\n`,
    );
}
