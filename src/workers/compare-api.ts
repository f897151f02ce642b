import { loadSessionConfig, VARIANTS } from "../core/config/index.ts";
import type { Instrument } from "../core/data/types.ts";
import type { EngineHost } from "../core/engine/backtest.ts";
import { PipscopeError } from "../core/errors.ts";
import { twinKernels } from "../core/kernels/index.ts";
import type { BacktestEventData } from "../core/protocol/backtest.ts";
import { type CompareEvent, type CompareOutcome, compareOutcomeOf } from "../core/protocol/compare.ts";
import type { Bot } from "../core/router/bot.ts";
import type { BotRun } from "../core/router/bot-run.ts";
import type { PortfolioResult } from "../core/router/commander.ts";
import { type MarketData, planRun, prepareBacktest, type RunCalendar } from "../core/run/index.ts";
import { variantRunners } from "../core/run/variant-runners.ts";
import { runVariants } from "../core/run/variants.ts";
import { planWalkForward } from "../core/run/walk-forward-plan.ts";
import { createStrategy } from "../core/strategy/index.ts";

export interface CompareDeps {
  calendar(): RunCalendar;
  /** The spec of `symbol`: `overrides` (the market's own specs) first, then the defaults. */
  instrumentFor(symbol: string, overrides: readonly Instrument[]): Instrument;
  /** Wall-clock epoch ms. */
  now(): number;
  newId(): string;
  /** The Bots page's enabled bots: the spiced team when the config names none (none: the strategy alone). */
  enabledBots?(): Promise<Bot[]>;
  /** Keeps each bot's figures from the spiced run, for the Bots page's "last run". */
  saveBotRuns?(runs: readonly BotRun[]): Promise<void>;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where the Compare page is, for errors in its config. */
const FILE = "the Compare page";

/**
 * The backtest worker's variant comparison, independent of comlink: one at a time, the config's
 * variants (default all four) on data loaded once, telling `listen` what happens as it happens
 * and answering with each variant's outcome (trimmed for the page, protocol/compare.ts).
 */
export function makeCompareApi(deps: CompareDeps) {
  let cancelled = false;
  let busy = false;
  return {
    async compare(
      configText: string,
      market: MarketData,
      listen: (event: CompareEvent) => void,
    ): Promise<CompareOutcome[]> {
      if (busy) throw new PipscopeError("COMPARE_BUSY", "a comparison is already running: wait for it or cancel it");
      busy = true;
      cancelled = false;
      try {
        const config = loadSessionConfig(configText, FILE);
        const specs = (await market.instruments?.()) ?? [];
        const instrumentFor = (symbol: string) => deps.instrumentFor(symbol, specs);
        const plan = planRun(config, instrumentFor);
        const strategy = createStrategy(plan.strategy.id, plan.strategy.parameters, plan.strategy.source);
        if (plan.router?.botsFile)
          throw new PipscopeError(
            "CONFIG_BOTS_FILE_UNAVAILABLE",
            "router.bots_file is read by the command line only: give the team inline as router.bots",
            { file: FILE, path: "$.router.bots_file" },
          );
        const walkForward = config.walk_forward ? planWalkForward(config, FILE, instrumentFor) : undefined;
        const id = deps.newId();
        const input = await prepareBacktest(plan, strategy, market, deps.calendar(), id, deps.now);
        const hostFor = (variant: (typeof VARIANTS)[number], backtestId: string): EngineHost => {
          listen({ type: "variant_start", variant, backtest_id: backtestId });
          return {
            wallNow: deps.now,
            emit(type, data) {
              if (type !== "backtest_progress") return;
              const { progress, current_date, trades_count, current_pnl } =
                data as BacktestEventData<"backtest_progress">;
              listen({ type: "progress", variant, progress, current_date, trades_count, current_pnl });
            },
            trade: () => {},
            yield: macrotask,
            sleep,
            cancelled: () => cancelled,
          };
        };
        const outcomes = await runVariants({
          variants: config.variants ?? VARIANTS,
          input,
          source: plan.strategy.source,
          walkForward,
          runners: variantRunners(
            plan.router?.bots ?? (await deps.enabledBots?.()) ?? [],
            plan.router?.options,
            plan.strategy.id,
          ),
          kernels: twinKernels(),
          now: deps.now,
          hostFor,
          onWindow: (variant, { window, windows, chosen }) =>
            listen({
              type: "window",
              variant,
              window: window.index + 1,
              windows,
              in_sample_start: window.inSample.start,
              in_sample_end: window.inSample.end,
              params: chosen.params,
              objective: chosen.objective,
            }),
          onOutcome: (outcome) => listen({ type: "variant_end", variant: outcome.variant, status: outcome.status }),
          yield: async () => {
            await macrotask();
            if (cancelled) throw new PipscopeError("BACKTEST_CANCELLED", "the comparison was cancelled");
          },
        });
        const spiced = outcomes.find((o) => o.variant === "spiced");
        if (spiced?.status === "complete" && "bots" in spiced.result)
          await deps.saveBotRuns?.((spiced.result as PortfolioResult).bots);
        return outcomes.map(compareOutcomeOf);
      } finally {
        busy = false;
      }
    },
    /** Stops the running comparison at its next yield (it then rejects with BACKTEST_CANCELLED). */
    cancel(): void {
      cancelled = true;
    },
  };
}

export type CompareApi = ReturnType<typeof makeCompareApi>;
