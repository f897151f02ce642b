import { runBacktest } from "../engine/backtest.ts";
import type { Bot } from "../router/bot.ts";
import { type CommanderOptions, runPortfolio, spicedRunner, type TeamMember, teamOf } from "../router/commander.ts";
import type { VariantRunners } from "./variants.ts";

/**
 * The team with its first bot that trades `strategyId` handed the run's own strategy instance and
 * parameters: walk-forward's choice (a combination in sample, one per window out of sample) is
 * what that bot trades; the other bots keep their own parameters.
 */
function teamFollowingTheRun(
  bots: readonly Bot[],
  strategy: TeamMember["instance"],
  params: TeamMember["params"],
  strategyId: string,
) {
  const team = teamOf(bots);
  const k = team.findIndex((member) => member.bot.strategy.id === strategyId);
  team[k] = { ...team[k], instance: strategy, params };
  return team;
}

/**
 * What runs each family of variants, for every host (CLI, backtest worker): the engine alone for
 * the vanilla ones, the router's commander (core/router/commander.ts) for the spiced ones — the
 * team `bots`, or with none the run's own strategy as a one-bot team. With a team, `spiced_full`
 * optimises the first bot that trades the config's strategy (`strategyId`); when no bot does,
 * it is unavailable, saying why.
 */
export function variantRunners(
  bots: readonly Bot[] = [],
  options: CommanderOptions = {},
  strategyId = "",
): VariantRunners {
  const spiced = spicedRunner(bots, options);
  if (bots.length === 0) return { vanilla: runBacktest, spiced };
  if (!bots.some((bot) => bot.strategy.id === strategyId))
    return {
      vanilla: runBacktest,
      spiced,
      spicedFullUnavailable: `walk-forward optimises ${strategyId}, which no bot of the router team trades`,
    };
  return {
    vanilla: runBacktest,
    spiced,
    spicedFull: (input, host) =>
      runPortfolio(
        input,
        teamFollowingTheRun(bots, input.strategy.instance, input.strategy.params, strategyId),
        host,
        options,
      ),
  };
}
