import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type SessionConfig, VARIANTS, type VariantName } from "../core/config/index.ts";
import { makeStreamingHost } from "../core/engine/stream.ts";
import { PipscopeError } from "../core/errors.ts";
import { unpackEvents } from "../core/protocol/event-batch.ts";
import type { OpenRun } from "../core/run/index.ts";
import { formatComparison } from "../core/run/variant-table.ts";
import { describeParams } from "../core/run/walk-forward.ts";
import type { ParamValues } from "../core/strategy/params.ts";
import { type CliIo, EXIT } from "./command.ts";
import { formatMonteCarlo, type MonteCarloCliOptions, monteCarloSummary } from "./print-monte-carlo.ts";
import { makeRunPrinter } from "./print-run.ts";
import { checkCoverage } from "./run-deps.ts";

/**
 * `--variants all` (the config's `variants`, else all four) or a comma-separated list such as
 * `vanilla,vanilla_full`. Throws CLI_USAGE naming an unknown variant.
 */
export function parseVariantList(text: string, config: SessionConfig): VariantName[] {
  if (text.trim() === "all") return [...(config.variants ?? VARIANTS)];
  const names = text.split(",").map((name) => name.trim());
  for (const name of names)
    if (!(VARIANTS as readonly string[]).includes(name))
      throw new PipscopeError(
        "CLI_USAGE",
        `--variants: unknown variant '${name}': all, or a list of ${VARIANTS.join(", ")}`,
      );
  if (new Set(names).size !== names.length)
    throw new PipscopeError("CLI_USAGE", "--variants: a variant is listed twice");
  return names as VariantName[];
}

export interface VariantsCliRun {
  run: OpenRun;
  variants: string;
  out?: string;
  quiet: boolean;
  strict: boolean;
  monteCarlo: MonteCarloCliOptions;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * `pipscope backtest <config> --variants …`: prepares the run once, runs each variant on it one
 * after another (their logs and progress as `backtest` prints them, a line per walk-forward
 * window), then prints the comparison table and each variant's Monte Carlo, and writes
 * `{variants: [...]}` (each with its result and Monte Carlo) to `--out`, which the app's Results
 * page opens as a comparison. The spiced variants trade the config's `router` team, else the
 * strategy alone through the router. Exit 1 when a variant failed; one that could not run (a
 * `*_full` without walk_forward) is named under the table.
 */
export async function runVariantsCli(run: VariantsCliRun, io: CliIo): Promise<number> {
  const open = run.run;
  const names = parseVariantList(run.variants, open.config);
  const walkForward = open.walkForward;
  const print = makeRunPrinter(io.stdout, io.stderr, {
    colour: Boolean((io.stdout as { isTTY?: boolean }).isTTY),
    progress: Boolean((io.stderr as { isTTY?: boolean }).isTTY),
    logs: !run.quiet,
  });
  const hosts: { cancel(): void }[] = [];
  const onInterrupt = () => {
    for (const host of hosts) host.cancel();
  };
  process.once("SIGINT", onInterrupt);
  try {
    const input = await open.prepare(`cli-${Date.now().toString(36)}`);
    checkCoverage(input, io, run.strict);
    const outcomes = await open.variants(input, names, {
      hostFor: (variant) => {
        io.stdout.write(`\n== ${variant} ==\n`);
        const host = makeStreamingHost({
          wallNow: () => Date.now(),
          post: (packed) => print(unpackEvents(packed)),
          yield: () => new Promise((done) => setImmediate(done)),
          sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
        });
        hosts.push(host);
        return host;
      },
      onWindow: (variant, { window, windows, chosen }) => {
        const varied = (params: ParamValues) =>
          Object.fromEntries(walkForward?.sweep.space.axes.map((axis) => [axis.name, params[axis.name]]) ?? []);
        const objective =
          chosen.objective === null
            ? "no defined objective"
            : `${walkForward?.sweep.objective.label} ${chosen.objective.toFixed(2)}`;
        io.stdout.write(
          `${variant}: window ${window.index + 1}/${windows} in-sample ${day(window.inSample.start)} → ${day(window.inSample.end)}: ${describeParams(varied(chosen.params))} (${objective}, ${chosen.evaluated} combinations)\n`,
        );
      },
      yield: () => new Promise((done) => setImmediate(done)),
    });
    io.stdout.write(`\n${formatComparison(outcomes)}\n`);
    const stored = outcomes.map((outcome) =>
      outcome.status === "complete" && run.monteCarlo.runs > 0
        ? { ...outcome, monte_carlo: monteCarloSummary(outcome.result, run.monteCarlo) }
        : outcome,
    );
    for (const outcome of stored)
      if ("monte_carlo" in outcome) io.stdout.write(`\n${outcome.variant}: ${formatMonteCarlo(outcome.monte_carlo)}\n`);
    if (run.out) {
      await writeFile(resolve(io.cwd, run.out), JSON.stringify({ variants: stored }));
      io.stdout.write(`results written to ${run.out}\n`);
    }
    return outcomes.some((o) => o.status === "failed") ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (error instanceof PipscopeError && error.code === "BACKTEST_CANCELLED") {
      io.stderr.write("pipscope: backtest failed: the backtest was cancelled\n");
      return EXIT.failed;
    }
    throw error;
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
