import { loadSessionConfig, VARIANTS } from "../core/config/index.ts";
import type { EngineHost } from "../core/engine/backtest.ts";
import { PipscopeError } from "../core/errors.ts";
import type { BacktestEventData } from "../core/protocol/backtest.ts";
import { type CompareEvent, type CompareOutcome, compareOutcomeOf } from "../core/protocol/compare.ts";
import type { Bot } from "../core/router/bot.ts";
import type { BotRun } from "../core/router/bot-run.ts";
import type { PortfolioResult } from "../core/router/commander.ts";
import { type MarketData, openRun, type RunCalendar } from "../core/run/index.ts";

export interface CompareDeps {
  calendar(): RunCalendar;
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
        const run = await openRun(config, FILE, {
          market,
          calendar: deps.calendar(),
          now: deps.now,
          enabledBots: deps.enabledBots,
        });
        const input = await run.prepare(deps.newId());
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
        const outcomes = await run.variants(input, config.variants ?? VARIANTS, {
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
