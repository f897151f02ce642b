/**
 * The risk governor (SPEC §5): how much of equity a bot may risk on its next trade — capped
 * Kelly from its trailing record, a per-trade cap, and what the portfolio's exposure cap leaves.
 * Risk is the loss if the stop is hit, as a fraction of equity (0.01 = 1 %); the engine's `risk`
 * sizing turns it into lots with the stop distance.
 */
export interface GovernorConfig {
  /** Closed trades of the trailing record that count, newest last. Default 50. */
  window: number;
  /**
   * Weight of the prior, in trades. Estimates are shrunk toward it as if `priorTrades` trades
   * with the prior's win rate and payoff had been seen: with 10 real trades a prior of 20 still
   * weighs two thirds, so a lucky start cannot size a new bot up. Default 20.
   */
  priorTrades: number;
  /** Prior win rate (0–1). Default 0.5: a coin flip. */
  priorWinRate: number;
  /**
   * Prior payoff ratio (average win ÷ average loss). Default 1.2: a modest edge (full Kelly
   * 8.3 %), so a bot with no record trades small rather than not at all and can build one.
   */
  priorPayoff: number;
  /** Share of the full Kelly fraction used at most (0.25 = quarter Kelly), 0–1. Default 0.25. */
  kellyCap: number;
  /** Most of equity risked on one trade (0.01 = 1 %). Default 0.01. */
  maxRiskPerTrade: number;
  /** Most of equity at risk across every open position of the portfolio (0.05 = 5 %). Default 0.05. */
  maxPortfolioRisk: number;
}

export const DEFAULT_GOVERNOR: GovernorConfig = {
  window: 50,
  priorTrades: 20,
  priorWinRate: 0.5,
  priorPayoff: 1.2,
  kellyCap: 0.25,
  maxRiskPerTrade: 0.01,
  maxPortfolioRisk: 0.05,
};

/** A bot's edge estimated from its trailing trades, shrunk toward the prior. */
export interface Edge {
  /** Trades of the window that count (scratch trades at exactly 0 are left out). */
  trades: number;
  winRate: number;
  payoff: number;
  /** Full Kelly fraction W − (1 − W) / R; negative when there is no edge. */
  kelly: number;
}

/** What bound the risk: the Kelly stake itself, a cap, or no edge at all. */
export type RiskLimit = "kelly" | "risk_cap" | "exposure_cap" | "no_edge";

export interface RiskDecision extends Edge {
  /** Fraction of equity to risk on the next trade (0 when none). */
  risk: number;
  limit: RiskLimit;
}

/**
 * The edge of the last `window` trade P&Ls (any unit: only signs and ratios matter). Win rate:
 * (wins + priorTrades × priorWinRate) / (trades + priorTrades). Payoff: the observed average
 * win ÷ average loss, weighted by min(wins, losses) — the side with fewer trades limits what the
 * ratio is worth — against the prior payoff weighted by priorTrades; with no win or no loss yet,
 * the prior alone.
 */
export function trailingEdge(pnls: ArrayLike<number>, config: GovernorConfig = DEFAULT_GOVERNOR): Edge {
  let wins = 0;
  let losses = 0;
  let won = 0;
  let lost = 0;
  for (let i = Math.max(0, pnls.length - config.window); i < pnls.length; i++) {
    const pnl = pnls[i];
    if (pnl > 0) {
      wins++;
      won += pnl;
    } else if (pnl < 0) {
      losses++;
      lost -= pnl;
    }
  }
  const { priorTrades, priorWinRate, priorPayoff } = config;
  const trades = wins + losses;
  const winRate = (wins + priorTrades * priorWinRate) / (trades + priorTrades);
  const ratioWeight = Math.min(wins, losses);
  const observed = ratioWeight > 0 ? won / wins / (lost / losses) : 0;
  const payoff = (ratioWeight * observed + priorTrades * priorPayoff) / (ratioWeight + priorTrades);
  return { trades, winRate, payoff, kelly: winRate - (1 - winRate) / payoff };
}

/**
 * The risk for a bot's next trade: kellyCap × Kelly, then at most maxRiskPerTrade, then at most
 * what maxPortfolioRisk leaves after `openRisk` (the fraction of equity already at risk in open
 * positions). No edge (Kelly ≤ 0) means no trade.
 */
export function governRisk(
  pnls: ArrayLike<number>,
  openRisk: number,
  config: GovernorConfig = DEFAULT_GOVERNOR,
): RiskDecision {
  return riskForEdge(trailingEdge(pnls, config), openRisk, config);
}

/** `governRisk` from an edge already estimated (the commander keeps each bot's until its next trade). */
export function riskForEdge(edge: Edge, openRisk: number, config: GovernorConfig = DEFAULT_GOVERNOR): RiskDecision {
  if (!(edge.kelly > 0)) return decision(edge, 0, "no_edge");
  let risk = config.kellyCap * edge.kelly;
  let limit: RiskLimit = "kelly";
  if (risk > config.maxRiskPerTrade) {
    risk = config.maxRiskPerTrade;
    limit = "risk_cap";
  }
  const room = Math.max(0, config.maxPortfolioRisk - openRisk);
  if (risk > room) {
    risk = room;
    limit = "exposure_cap";
  }
  return decision(edge, risk, limit);
}

/** Spelled out rather than spread: the commander asks once per entry, and a spread is several times slower. */
function decision(edge: Edge, risk: number, limit: RiskLimit): RiskDecision {
  return { trades: edge.trades, winRate: edge.winRate, payoff: edge.payoff, kelly: edge.kelly, risk, limit };
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/** The decision as a log line: "risk 1.00% (Kelly 8.33% × 0.25 = 2.08%, capped at 1.00% per trade)". */
export function describeRisk(decision: RiskDecision, config: GovernorConfig = DEFAULT_GOVERNOR): string {
  const kelly = `Kelly ${pct(decision.kelly)}`;
  switch (decision.limit) {
    case "no_edge":
      return `no edge (${kelly}, win rate ${pct(decision.winRate)}, payoff ${decision.payoff.toFixed(2)})`;
    case "kelly":
      return `risk ${pct(decision.risk)} (${kelly} × ${config.kellyCap})`;
    case "risk_cap":
      return `risk ${pct(decision.risk)} (${kelly} × ${config.kellyCap} = ${pct(decision.kelly * config.kellyCap)}, capped at ${pct(config.maxRiskPerTrade)} per trade)`;
    case "exposure_cap":
      return `risk ${pct(decision.risk)} (what the portfolio cap of ${pct(config.maxPortfolioRisk)} leaves)`;
  }
}
