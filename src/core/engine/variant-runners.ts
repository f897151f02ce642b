import type { Bot } from "../router/bot.ts";
import { type CommanderOptions, spicedRunner } from "../router/commander.ts";
import { runBacktest } from "./backtest.ts";
import type { VariantRunners } from "./variants.ts";

/**
 * What runs each family of variants, for every host (CLI, backtest worker): the engine alone for
 * the vanilla ones, the router's commander (core/router/commander.ts) for the spiced ones — the
 * team `bots`, or with none the run's own strategy as a one-bot team. With a team, `spiced_full`
 * is unavailable: walk-forward varies the config's strategy, which the team does not trade.
 */
export function variantRunners(bots: readonly Bot[] = [], options: CommanderOptions = {}): VariantRunners {
  return {
    vanilla: runBacktest,
    spiced: spicedRunner(bots, options),
    spicedFullUnavailable:
      bots.length > 0
        ? "walk-forward optimises the config's strategy; the router team's bots keep their own parameters"
        : undefined,
  };
}
