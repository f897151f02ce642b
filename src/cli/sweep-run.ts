import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadSessionConfig } from "../core/config/index.ts";
import type { BacktestInput } from "../core/engine/backtest.ts";
import {
  rankRows,
  type SearchSpec,
  type SweepOutcome,
  shareRunData,
  startSweep,
  sweepSummary,
} from "../core/engine/sweep/index.ts";
import { PipscopeError } from "../core/errors.ts";
import { openRun, type SweepPlan, sweepData } from "../core/run/index.ts";
import type { OpenMarketData } from "./backtest.ts";
import { type CliIo, EXIT } from "./command.ts";
import { readTextFile } from "./files.ts";
import { bestTable } from "./print-sweep.ts";
import { checkCoverage, cliRunDeps } from "./run-deps.ts";
import { type MakePoolHost, SWEEP_USAGE as USAGE } from "./sweep.ts";

const positiveInt = (text: string | undefined, flag: string): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new PipscopeError("CLI_USAGE", `${flag} takes a whole number ≥ 1, got '${text}'`, { field: flag });
  return value;
};

/** `pipscope sweep`, run: plans the sweep through the one run path, loads its data once, runs it on the pool. */
export async function runSweepCommand(
  args: string[],
  io: CliIo,
  openMarketData: OpenMarketData,
  makePool: MakePoolHost,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      param: { type: "string", multiple: true, default: [] },
      constraint: { type: "string", multiple: true, default: [] },
      objective: { type: "string", default: "net_profit" },
      random: { type: "string" },
      seed: { type: "string", default: "1" },
      workers: { type: "string" },
      top: { type: "string", default: "10" },
      out: { type: "string" },
      json: { type: "boolean", default: false },
      strict: { type: "boolean", default: false },
      "data-dir": { type: "string" },
    },
  });
  if (positionals.length !== 1)
    throw new PipscopeError("CLI_USAGE", `expected one config file. Usage: pipscope ${USAGE}`);
  const file = positionals[0];
  const samples = positiveInt(values.random, "--random");
  const seed = Number(values.seed);
  if (!Number.isInteger(seed))
    throw new PipscopeError("CLI_USAGE", `--seed takes a whole number, got '${values.seed}'`, { field: "--seed" });
  const search: SearchSpec = samples === undefined ? { kind: "grid" } : { kind: "random", samples, seed };
  const workers = positiveInt(values.workers, "--workers");
  const top = positiveInt(values.top, "--top") as number;
  const config = loadSessionConfig(await readTextFile(resolve(io.cwd, file), file), file);
  const market = await openMarketData(resolve(io.cwd, values["data-dir"] ?? ".pipscope"), io);
  const run = await openRun(config, file, cliRunDeps(file, market, io));
  const plan = run.sweep({
    params: values.param,
    constraints: values.constraint,
    objective: values.objective,
    search,
  });
  // What will run, said at once: loading the data and running the grid take seconds.
  const say = (text: string) => values.json || io.stdout.write(text);
  const refused = plan.refused.count ? ` · ${plan.refused.count} refused by ${plan.run.strategy.id}` : "";
  const rejected = plan.combinations.rejected ? ` · ${plan.combinations.rejected} outside the constraints` : "";
  say(
    `${plan.run.strategy.id} · ${plan.run.symbol} ${plan.run.timeframe} · grid of ${plan.combinations.gridSize}${rejected}${refused}\n`,
  );
  const input = await run.prepare("sweep");
  checkCoverage(input, io, values.strict as boolean);
  say(`data: ${input.dataLabel ?? "?"}\n`);
  const data = shareRunData(sweepData(input));
  const total = plan.combinations.combinations.length;
  const progress = progressPrinter(io, total);
  const handle = startSweep(
    {
      config: plan.config,
      instrument: plan.run.instrument,
      data,
      combinations: plan.combinations.combinations,
      method: plan.method,
      methodReason: plan.methodReason,
    },
    makePool(workers),
    { onResult: (_, p) => progress(p.done, p.elapsedMs) },
  );
  const onInterrupt = () => handle.cancel();
  process.once("SIGINT", onInterrupt);
  let outcome: SweepOutcome;
  try {
    outcome = await handle.done;
  } catch (error) {
    if (!(error instanceof PipscopeError) || !error.code.startsWith("SWEEP_WORKER")) throw error;
    io.stderr.write(`\npipscope: sweep failed: ${error.message}\n`);
    return EXIT.failed;
  } finally {
    process.off("SIGINT", onInterrupt);
    progress.clear();
  }
  const report = sweepReport(file, plan, input, outcome, top);
  if (values.out) await writeFile(resolve(io.cwd, values.out), JSON.stringify({ ...report, rows: outcome.rows }));
  if (values.json) io.stdout.write(`${JSON.stringify({ ...report, rows: outcome.rows })}\n`);
  else {
    io.stdout.write(
      `${sweepSummary(outcome, total).join("\n")}\n\n` +
        `best ${report.best.length} by ${plan.objective.label} (${plan.objective.direction === "max" ? "highest" : "lowest"} first)\n` +
        `${bestTable(rankRows(outcome.rows, plan.objective, top), plan.space.axes, plan.objective.label)}\n` +
        (values.out ? `every combination written to ${values.out}\n` : ""),
    );
  }
  return outcome.status === "complete" ? EXIT.ok : EXIT.failed;
}

/** The sweep as JSON: what ran, how, and the best rows (the file adds every row). */
function sweepReport(file: string, plan: SweepPlan, input: BacktestInput, outcome: SweepOutcome, top: number) {
  return {
    config: file,
    data: { ...input.origin, coverage_gap: input.coverageGap ?? null, label: input.dataLabel },
    strategy: plan.run.strategy.id,
    symbol: plan.run.symbol,
    timeframe: plan.run.timeframe,
    axes: plan.space.axes,
    constraints: plan.space.constraints.map((c) => c.source),
    objective: { label: plan.objective.label, direction: plan.objective.direction },
    status: outcome.status,
    total: plan.combinations.combinations.length,
    method: outcome.method,
    methodReason: outcome.methodReason,
    parity: outcome.parity,
    backend: outcome.backend,
    workers: outcome.workers,
    sharing: outcome.sharing,
    ms: outcome.ms,
    best: rankRows(outcome.rows, plan.objective, top).map(({ rank, value, row }) => ({
      rank,
      value,
      params: row.params,
      metrics: row.metrics,
    })),
  };
}

/** A progress line on stderr: rewritten in place on a terminal, every 10% otherwise. */
function progressPrinter(io: CliIo, total: number) {
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  let shownTenth = -1;
  let shown = false;
  const print = (done: number, elapsedMs: number) => {
    const line = `${done}/${total} combinations · ${((100 * done) / total).toFixed(0)}% · ${(elapsedMs / 1000).toFixed(1)} s`;
    if (tty) {
      io.stderr.write(`\r\x1b[K${line}`);
      shown = true;
      return;
    }
    const tenth = Math.floor((10 * done) / total);
    if (tenth > shownTenth) {
      shownTenth = tenth;
      io.stderr.write(`${line}\n`);
    }
  };
  return Object.assign(print, {
    clear() {
      if (shown) io.stderr.write("\r\x1b[K");
      shown = false;
    },
  });
}
