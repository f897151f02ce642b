import { z } from "zod";
import { type Bot, botSchema, parseBots } from "../router/bot.ts";
import type { CommanderOptions } from "../router/commander.ts";

/**
 * The session config's `router` field: the team and the rules of the `spiced` variants' router
 * (SPEC §5). Without `bots` or `bots_file`, the run's own strategy trades as a one-bot team.
 */
export const routerConfigSchema = z
  .strictObject({
    bots_file: z
      .string()
      .min(1)
      .optional()
      .describe("A bots file, or a directory of them, relative to this config; read by the command line."),
    bots: z.array(botSchema).min(1).optional().describe("The bots, inline, as in a bots file."),
    max_bidders: z.number().int().min(1).max(50).default(2).describe("Bots that may open trades on the same bar."),
    max_portfolio_risk_pct: z
      .number()
      .positive()
      .max(100)
      .default(5)
      .describe("Most of equity at risk across the team's open positions and pending entries, in %."),
    assumed_stop_atr: z
      .number()
      .positive()
      .max(20)
      .default(2)
      .describe("Stop distance, in ATR(14), assumed to size an entry that states no stop."),
  })
  .refine((router) => router.bots === undefined || router.bots_file === undefined, {
    message: "give router.bots or router.bots_file, not both",
  })
  .describe("The router of the spiced variants: the team of bots, the auction and the portfolio risk cap.");

export type RouterConfig = z.infer<typeof routerConfigSchema>;

/** The router part of a run plan: inline bots or a bots file for the host to read, and the commander's options. */
export interface RouterPlan {
  bots?: Bot[];
  /** A bots file or directory as the config wrote it (relative to the config). */
  botsFile?: string;
  options: CommanderOptions;
}

/** Resolves a validated `router` field: inline bots checked in full (strategy parameters, unique ids). */
export function planRouter(router: RouterConfig, file = "config"): RouterPlan {
  return {
    bots: router.bots && parseBots(router.bots, file, "$.router.bots"),
    botsFile: router.bots_file,
    options: {
      maxBidders: router.max_bidders,
      governor: { maxPortfolioRisk: router.max_portfolio_risk_pct / 100 },
      assumedStopAtr: router.assumed_stop_atr,
    },
  };
}
