import type { PoolHost } from "../core/engine/sweep/index.ts";
import type { OpenMarketData } from "./backtest.ts";
import type { Command } from "./command.ts";

/** Where the sweep's workers come from: worker_threads in the CLI, an in-process pool in tests. */
export type MakePoolHost = (workers?: number) => PoolHost;

export const SWEEP_USAGE =
  "sweep <config.json> --param <name=from:to[:step]|name=a,b,c>... [--constraint <expr>]... [--objective <metric|expr>] [--random <samples>] [--seed <n>] [--workers <n>] [--top <n>] [--out sweep.json] [--json] [--strict] [--data-dir <dir>]";

/** `pipscope sweep`: runs a config over a grid or a random sample of its strategy's parameters. */
export function sweepCommand(openMarketData: OpenMarketData, makePool?: MakePoolHost): Command {
  return {
    name: "sweep",
    summary: "Sweep a strategy's parameters over a config on all cores; prints the best combinations",
    usage: SWEEP_USAGE,
    details: `Options:
  --param <axis>        a parameter to vary: fast=5:50:5 (from:to:step, inclusive; the step
                        defaults to the parameter's), kind=SMA,EMA (a list) or long_only=true
  --constraint <expr>   keep only combinations where it holds, e.g. "fast < slow" (repeatable)
  --objective <o>       net_profit (default), sharpe, profit_factor, max_drawdown (minimised), any
                        sweep metric, or an expression such as "net_profit / max(max_drawdown, 1)"
  --random <n>          sample n combinations of the grid instead of running all of it
  --seed <n>            the random sample's seed (default 1; a seed repeats its sample)
  --workers <n>         worker threads (default: os.availableParallelism())
  --top <n>             rows of the best-N table (default 10)
  --out <file>          write every combination's metrics as JSON
  --json                print the sweep as JSON on stdout instead of the table
  --strict              refuse (exit 2) when the cached data does not cover the config's range
  --data-dir <dir>      the local cache (default .pipscope under the working directory)
ma_cross is vectorised when the config allows it (fixed lots, per-lot commission, no slippage,
…), after one combination is run both ways and found equal trade for trade; otherwise every
combination runs in the engine. The summary says which and why.
Exit codes: 0 done, 1 failed or interrupted (Ctrl-C prints the best so far), 2 bad config or usage.
Example: pipscope sweep session_configs/eurusd-ma-cross-h1.json --param fast=5:50:5 --param slow=20:200:10 --objective sharpe`,
    async run(args, io) {
      const { runSweepCommand } = await import("./sweep-run.ts");
      const pool = makePool ?? (await import("./sweep-threads.ts")).threadPoolHost;
      return runSweepCommand(args, io, openMarketData, pool);
    },
  };
}
