import type { BotInput } from "./bot.ts";

/**
 * Two bots to start a team with (the Bots page offers them; a fresh clone's two-bot portfolio):
 * a London-open range breakout that trades the London morning only, and an MA cross tagged
 * @primal that trades trends in the London and New York sessions.
 */
export const EXAMPLE_BOTS: readonly BotInput[] = [
  {
    id: "london-breakout",
    strategy: { id: "london_breakout", parameters: { buffer_pips: 2, tp_ratio: 1 } },
    manifest: {
      name: "London breakout",
      tags: ["@breakout", "london"],
      sessions: ["LONDON"],
      // The range builds before the open; orders only in the first hours, when the breakout holds.
      time_windows: [{ start: "07:00", end: "11:00", timezone: "Europe/London", days: [1, 2, 3, 4, 5] }],
      max_risk_per_trade_pct: 0.5,
      kelly_cap: 0.25,
      circuit_breaker: { max_daily_loss_pct: 2, max_consecutive_losses: 3, cooldown_minutes: 1440 },
    },
  },
  {
    id: "ma-cross-primal",
    strategy: { id: "ma_cross", parameters: { fast: 10, slow: 30, kind: "EMA" } },
    manifest: {
      name: "MA cross (primal)",
      tags: ["@primal", "trend"],
      sessions: ["LONDON", "NEW_YORK"],
      regimes: ["TREND_UP", "TREND_DOWN"],
      max_risk_per_trade_pct: 1,
      kelly_cap: 0.25,
      circuit_breaker: { max_daily_loss_pct: 3, max_consecutive_losses: 4, cooldown_minutes: 720 },
    },
  },
];
