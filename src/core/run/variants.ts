import type { VariantName } from "../config/walk-forward-config.ts";
import type { BacktestInput, BacktestResult, EngineHost } from "../engine/backtest.ts";
import { type BreakdownRow, computeBreakdowns } from "../engine/breakdowns.ts";
import type { Trade } from "../engine/orders.ts";
import { PipscopeError, type SerializedError } from "../errors.ts";
import type { Kernels } from "../kernels/index.ts";
import { detectRegimes, REGIMES } from "../router/regime.ts";
import { createStrategy } from "../strategy/index.ts";
import { type RunVariant, runWalkForward, type WalkForwardProgress, type WalkForwardReport } from "./walk-forward.ts";
import { sweepOptimiser } from "./walk-forward-optimiser.ts";
import type { WalkForwardPlan } from "./walk-forward-plan.ts";

/** A variant's result: the run's, its fixed variant name, walk-forward's report for `*_full`. */
export interface VariantResult extends BacktestResult {
  variant: VariantName;
  walk_forward?: WalkForwardReport;
  /** Trades grouped by the regime at entry (core/router/regime, default thresholds when the run had none). */
  regime_breakdown: BreakdownRow[];
}

/** What became of one variant: its result, or why there is none. */
export type VariantOutcome =
  | { variant: VariantName; status: "complete"; result: VariantResult }
  /** `unavailable`: this build cannot run it (no router yet); `failed`: it ran and failed. */
  | { variant: VariantName; status: "unavailable" | "failed"; error: SerializedError };

/**
 * How each family of variants runs a prepared input. `spiced` is the router (the Commander of
 * core/router, issue 8 point 4): while it is absent, the spiced variants are reported
 * `unavailable` rather than faked.
 */
export interface VariantRunners {
  vanilla: RunVariant;
  spiced?: RunVariant;
  /** `spiced_full`'s runner when it differs from `spiced` (a team: the bot walk-forward optimises). */
  spicedFull?: RunVariant;
  /** Why `spiced_full` cannot run with this router, if it cannot (no bot trades the optimised strategy). */
  spicedFullUnavailable?: string;
}

/** What the variants of one run share: its prepared input and how each family runs it. */
export interface VariantContext {
  /** The run, prepared once; each variant gets a fresh strategy instance and its own id. */
  input: BacktestInput;
  /** A user strategy's source, to create those fresh instances. */
  source?: string;
  /** Needed by `vanilla_full` and `spiced_full` (config `walk_forward`). */
  walkForward?: WalkForwardPlan;
  runners: VariantRunners;
  /** For the optimiser's vectorised path. */
  kernels: Kernels;
  now: () => number;
  /** A `*_full` variant optimised one more in-sample window. */
  onWindow?(variant: VariantName, progress: WalkForwardProgress): void;
  /** Between optimiser combinations; may throw to cancel. */
  yield?: () => Promise<void>;
}

export interface VariantRequest extends VariantContext {
  variants: readonly VariantName[];
  /** The host of one variant's run: its own event stream (ids `<backtestId>-<variant>`). */
  hostFor(variant: VariantName, backtestId: string): EngineHost;
  /** Each variant's outcome as soon as it is known. */
  onOutcome?(outcome: VariantOutcome): void;
}

/** The primary regime at each trade's entry, grouped like the session breakdown. */
export function regimeBreakdown(trades: readonly Trade[], regimes: Uint8Array): BreakdownRow[] {
  // computeBreakdowns groups by the trade's `session` label: hand it the regime's instead.
  const relabelled = trades.map((trade) => ({ ...trade, session: REGIMES[regimes[trade.entryIndex]] ?? "UNKNOWN" }));
  return computeBreakdowns(relabelled).session;
}

function unavailable(message: string): PipscopeError {
  return new PipscopeError("VARIANT_UNAVAILABLE", message);
}

/**
 * What runs `variant` with these runners and walk-forward settings.
 * @throws PipscopeError VARIANT_UNAVAILABLE when this run cannot have that variant.
 */
export function runnerOf(variant: VariantName, context: Pick<VariantContext, "runners" | "walkForward">): RunVariant {
  const { runners } = context;
  const run =
    variant === "spiced_full"
      ? (runners.spicedFull ?? runners.spiced)
      : variant.startsWith("spiced")
        ? runners.spiced
        : runners.vanilla;
  if (!run) throw unavailable(`${variant} runs through the router's Commander, which this build does not have yet`);
  if (variant === "spiced_full" && runners.spicedFullUnavailable) throw unavailable(runners.spicedFullUnavailable);
  if (variant.endsWith("_full") && !context.walkForward)
    throw unavailable(`${variant} needs walk-forward settings: add a walk_forward section to the config`);
  return run;
}

/**
 * One variant (SPEC §5) of the prepared input, ready to run as `backtestId` through a host:
 * `vanilla` the strategy alone, `spiced` through the router, `vanilla_full` / `spiced_full` the
 * same with walk-forward optimisation (walk-forward.ts). Its result says the variant that ran.
 * @throws PipscopeError VARIANT_UNAVAILABLE, at once, when this run cannot have that variant.
 */
export function variantRun(
  variant: VariantName,
  context: VariantContext,
): (host: EngineHost, backtestId: string) => Promise<VariantResult> {
  const { input } = context;
  const spiced = variant.startsWith("spiced");
  const full = variant.endsWith("_full");
  const run = runnerOf(variant, context);
  return async (host, backtestId) => {
    const regimes = input.regime ?? (input.bars ? detectRegimes(input.bars) : undefined);
    const { id, params } = input.strategy;
    const variantInput: BacktestInput = {
      ...input,
      backtestId,
      variant,
      strategy: { id, ...createStrategy(id, params, context.source) },
      regime: regimes,
    };
    const result: BacktestResult & { walk_forward?: WalkForwardReport } = full
      ? await runWalkForward(
          variantInput,
          {
            settings: (context.walkForward as WalkForwardPlan).settings,
            optimiser: optimiserFor(context, spiced ? run : undefined),
            run,
            onWindow: (progress) => context.onWindow?.(variant, progress),
          },
          host,
        )
      : await run(variantInput, host);
    const breakdown = regimes ? regimeBreakdown(result.trades, regimes) : [];
    return { ...result, variant, regime_breakdown: breakdown };
  };
}

/**
 * Runs the variants one after another on the same prepared data. A variant that fails does not
 * stop the others; a cancel does (BACKTEST_CANCELLED is rethrown).
 */
export async function runVariants(request: VariantRequest): Promise<VariantOutcome[]> {
  const regime = request.input.regime ?? (request.input.bars ? detectRegimes(request.input.bars) : undefined);
  const context: VariantContext = { ...request, input: { ...request.input, regime } };
  const outcomes: VariantOutcome[] = [];
  for (const variant of request.variants) {
    let outcome: VariantOutcome;
    const backtestId = `${request.input.backtestId}-${variant}`;
    try {
      const run = variantRun(variant, context);
      outcome = { variant, status: "complete", result: await run(request.hostFor(variant, backtestId), backtestId) };
    } catch (error) {
      if (error instanceof PipscopeError && error.code === "BACKTEST_CANCELLED") throw error;
      const failure =
        error instanceof PipscopeError ? error : new PipscopeError("VARIANT_FAILED", (error as Error).message);
      outcome = {
        variant,
        status: failure.code === "VARIANT_UNAVAILABLE" ? "unavailable" : "failed",
        error: failure.toJSON(),
      };
    }
    outcomes.push(outcome);
    request.onOutcome?.(outcome);
  }
  return outcomes;
}

function optimiserFor(context: VariantContext, run: RunVariant | undefined) {
  const { sweep } = context.walkForward as WalkForwardPlan;
  return sweepOptimiser({
    combinations: sweep.combinations.combinations,
    base: sweep.space.base,
    objective: sweep.objective,
    kernels: context.kernels,
    now: context.now,
    run,
    yield: context.yield,
  });
}
