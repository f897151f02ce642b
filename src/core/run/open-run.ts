import type { SessionConfig, VariantName } from "../config/index.ts";
import { instrumentFor } from "../data/instruments.ts";
import { type BacktestInput, type BacktestResult, type EngineHost, runBacktest } from "../engine/backtest.ts";
import { inFile, PipscopeError } from "../errors.ts";
import { type Kernels, twinKernels } from "../kernels/index.ts";
import type { Bot } from "../router/bot.ts";
import { createStrategy, type Strategy } from "../strategy/index.ts";
import type { ParamValues } from "../strategy/params.ts";
import { planRun, type RunPlan } from "./plan.ts";
import { type MarketData, prepareBacktest, type RunCalendar } from "./prepare.ts";
import { planSweep, type SweepPlan, type SweepRequest } from "./sweep-plan.ts";
import { variantRunners } from "./variant-runners.ts";
import {
  runnerOf,
  runVariants,
  type VariantContext,
  type VariantOutcome,
  type VariantRequest,
  variantRun,
} from "./variants.ts";
import { planWalkForward, type WalkForwardPlan } from "./walk-forward-plan.ts";

/** What a run takes from where it runs (the CLI, a worker, a test): its data, calendar and clock. */
export interface RunDeps {
  market: MarketData;
  calendar: RunCalendar;
  /** Wall-clock epoch ms, for timings and event stamps only. */
  now(): number;
  /** Reads a config's `router.bots_file` (relative to the config); absent where files cannot be read. */
  readBots?(file: string): Promise<Bot[]>;
  /** The router's team when a config names none (the app's Bots page); absent: the strategy trades alone. */
  enabledBots?(): Promise<Bot[]>;
  /** The kernels of the walk-forward optimiser's vectorised path: wasm where it loads; default the twins. */
  kernels?(): Promise<Kernels>;
}

/** The run hooks of several variants side by side (Compare, `--variants`). */
export type VariantHooks = Pick<VariantRequest, "hostFor" | "onOutcome" | "onWindow" | "yield">;

/**
 * A session config, checked and planned, ready to load its data and run: the one path every way of
 * running a strategy takes (the CLI's backtest and sweep, the backtest and compare workers, the
 * sweep workers, walk-forward), so a fix or a speed-up lands everywhere at once.
 */
export interface OpenRun {
  readonly config: SessionConfig;
  readonly plan: RunPlan;
  /** The config's `walk_forward`, checked, when it has one. */
  readonly walkForward?: WalkForwardPlan;
  /** Where errors point: a file name, or a page ("the Compare page"). */
  readonly where: string;
  /** A fresh instance of the config's strategy. */
  strategy(): { instance: Strategy; params: ParamValues };
  /** Loads the plan's data and assembles the engine's input (its provenance and coverage included). */
  prepare(backtestId: string): Promise<BacktestInput>;
  /** Runs the config's own variant on a prepared input: the engine, the router or walk-forward. */
  run(input: BacktestInput, host: EngineHost): Promise<BacktestResult>;
  /** Runs several variants one after another on the same prepared input. */
  variants(input: BacktestInput, names: readonly VariantName[], hooks: VariantHooks): Promise<VariantOutcome[]>;
  /** Plans a sweep of this run's strategy parameters. */
  sweep(request: SweepRequest): SweepPlan;
}

/**
 * Checks and plans a validated session config against `deps`: the instruments the market's specs
 * say (edited on the Data page, stored in the cache) before the defaults, the strategy and its
 * parameters, the config's own variant (a `*_full` needs `walk_forward`) and the router's team.
 * Every error is located in `where`.
 */
export async function openRun(config: SessionConfig, where: string, deps: RunDeps): Promise<OpenRun> {
  const specs = (await deps.market.instruments?.()) ?? [];
  const plan = inFile(where, () => planRun(config, (symbol) => instrumentFor(symbol, specs)));
  const strategy = () => createStrategy(plan.strategy.id, plan.strategy.parameters, plan.strategy.source);
  inFile(where, strategy); // its parameters are checked now, not once the data has loaded
  const own = config.variant;
  const walkForward = config.walk_forward || own.endsWith("_full") ? planWalkForward(config, plan, where) : undefined;
  const runners = variantRunners(await routerTeam(plan, where, deps), plan.router?.options, plan.strategy.id);
  try {
    runnerOf(own, { runners, walkForward });
  } catch (error) {
    throw error instanceof PipscopeError
      ? new PipscopeError("CONFIG_VARIANT_UNAVAILABLE", error.message, { file: where, path: "$.variant" })
      : error;
  }
  let kernels: Promise<Kernels> | undefined;
  const optimiserKernels = () => {
    kernels ??= deps.kernels?.() ?? Promise.resolve(twinKernels());
    return kernels;
  };
  /** The variants' shared context; the optimiser's kernels are loaded only when a `*_full` variant runs. */
  const context = async (input: BacktestInput, names: readonly VariantName[]): Promise<VariantContext> => ({
    input,
    source: plan.strategy.source,
    walkForward,
    runners,
    kernels: names.some((name) => name.endsWith("_full")) ? await optimiserKernels() : twinKernels(),
    now: deps.now,
  });
  return {
    config,
    plan,
    walkForward,
    where,
    strategy,
    prepare: (backtestId) => prepareBacktest(plan, strategy(), deps.market, deps.calendar, backtestId, deps.now),
    // A plain vanilla run is the engine alone: nothing to route, and no regime pass before it.
    run: async (input, host) =>
      own === "vanilla"
        ? runBacktest(input, host)
        : variantRun(own, await context(input, [own]))(host, input.backtestId),
    variants: async (input, names, hooks) =>
      runVariants({ ...(await context(input, names)), ...hooks, variants: names }),
    sweep: (request) => inFile(where, () => planSweep(config, plan, request)),
  };
}

/** The spiced variants' team: the config's inline bots, its bots file, else the app's enabled bots. */
async function routerTeam(plan: RunPlan, where: string, deps: RunDeps): Promise<Bot[]> {
  const router = plan.router;
  if (router?.bots) return router.bots;
  if (router?.botsFile) {
    if (!deps.readBots)
      throw new PipscopeError(
        "CONFIG_BOTS_FILE_UNAVAILABLE",
        "router.bots_file is read by the command line only: give the team inline as router.bots",
        { file: where, path: "$.router.bots_file" },
      );
    return deps.readBots(router.botsFile);
  }
  return (await deps.enabledBots?.()) ?? [];
}
