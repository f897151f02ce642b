import type { Instrument } from "../../data/types.ts";
import type { AccountSpec, CostSpec, EngineOptions, SizingSpec } from "../spec.ts";

/** Strategies the vectorised path can run: their signals come from closes alone (see ma-cross-signals.ts). */
export const VECTORISED_STRATEGIES: readonly string[] = ["ma_cross"];

/** The settings of a run that decide whether the vectorised simulator reproduces the engine. */
export interface RunSettings {
  strategy: { id: string; source?: string };
  timeframe: string;
  instrument: Instrument;
  account: AccountSpec;
  costs: CostSpec;
  sizing: SizingSpec;
  options: EngineOptions;
  sessionsFilter?: readonly string[];
  /** News kill zones (RunPlan.news): entries the engine refuses inside them. */
  news?: object;
}

/** How a sweep runs its combinations, and why. */
export type Vectorisation = { ok: true } | { ok: false; reason: string };

/**
 * Whether the vectorised simulator (core/strategy/indicators/simulate-signals.ts) follows the
 * engine's rules under these settings. The simulator fills a signal at the next bar's open at
 * bid/ask with the bar's spread, charges commission per lot per side and has no slippage; P&L is
 * in the quote currency. Swaps are added afterwards (simulated-run.ts). Whatever it does not model
 * sends the sweep to the engine, with the first reason found. Per combination, two more checks
 * (stacked entries, stop-out) are made on the signals and the equity (vectorised.ts).
 */
export function vectorisation(run: RunSettings): Vectorisation {
  const no = (reason: string): Vectorisation => ({ ok: false, reason });
  if (run.strategy.source !== undefined) return no("custom strategy code runs in the engine");
  if (!VECTORISED_STRATEGIES.includes(run.strategy.id))
    return no(`${run.strategy.id} has no vectorised form (only ${VECTORISED_STRATEGIES.join(", ")})`);
  if (run.timeframe === "ticks") return no("tick mode runs in the engine");
  if (run.options.tradeOnClose)
    return no("trade_on_close fills at the signal's close; the simulator fills at the next open");
  if (!run.options.closeAtEnd) return no("close_at_end is off; the simulator closes at the end");
  if (run.sizing.mode !== "fixed")
    return no(`${run.sizing.mode} sizing depends on equity; the simulator trades fixed lots`);
  if (run.costs.commission.mode !== "per_lot") return no("percentage commission is not simulated");
  if (run.costs.slippage !== 0) return no("slippage is not simulated");
  if (run.instrument.quoteCurrency !== run.account.currency)
    return no(
      `${run.instrument.symbol} is quoted in ${run.instrument.quoteCurrency}, the account is in ${run.account.currency}: the simulator has no conversion`,
    );
  if (run.sessionsFilter?.length) return no("a sessions filter runs in the engine");
  if (run.news) return no("news kill zones run in the engine");
  return { ok: true };
}
