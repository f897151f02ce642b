import { z } from "zod";

/**
 * One bot's share of a portfolio run, as the Bots page shows it ("last run") and storage keeps
 * it: validated when read back, since another version of the app may have written it.
 */
export const botRunSchema = z.strictObject({
  bot_id: z.string().min(1),
  /** When the run finished (UTC ms). */
  at: z.number(),
  /** What ran, e.g. "EURUSD H1 2024-01-01 → 2024-06-30". */
  label: z.string(),
  /** Closed trades of this bot. */
  trades: z.number().int().min(0),
  /** Share of its trades that made money (0–1); null without trades. */
  win_rate: z.number().min(0).max(1).nullable(),
  /** Sum of its trades' net profit, account currency. */
  net_profit: z.number(),
  /** Largest fall of its cumulative closed-trade profit from a peak, account currency (≥ 0). */
  max_drawdown: z.number().min(0),
  /** Entries the router refused (not eligible, or outbid). */
  blocked_entries: z.number().int().min(0),
  /** The reason it was refused most often, "" when never. */
  top_skip: z.string(),
  /** Its circuit breaker when the run ended. */
  breaker: z.strictObject({
    reason: z.string(),
    consecutive_losses: z.number().int().min(0),
    day_loss_pct: z.number(),
  }),
});
export type BotRun = z.infer<typeof botRunSchema>;
