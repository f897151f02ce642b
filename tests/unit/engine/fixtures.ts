import type { BarColumns, Instrument } from "../../../src/core/data/types.ts";
import { type BacktestInput, type EngineHost, runBacktest } from "../../../src/core/engine/backtest.ts";
import { DEFAULT_ACCOUNT, DEFAULT_COSTS, DEFAULT_OPTIONS } from "../../../src/core/engine/spec.ts";
import { type TradeFact, type TradeLines, tradeEvents } from "../../../src/core/engine/trade-events.ts";
import type { BacktestEvent } from "../../../src/core/protocol/backtest.ts";
import type { Strategy, StrategyContext } from "../../../src/core/strategy/api.ts";

/** A EURUSD-like instrument: 5 digits, pip 0.0001, 100k contract, USD quote. */
export const EURUSD: Instrument = {
  symbol: "EURUSD",
  digits: 5,
  point: 0.00001,
  pipSize: 0.0001,
  contractSize: 100_000,
  baseCurrency: "EUR",
  quoteCurrency: "USD",
  marginRate: 1,
  commissionPerLot: 0,
  swapMode: "points",
  swapLong: -10,
  swapShort: 2,
  exchangeGroup: "FX",
  assetClass: "CURRENCY",
};

export const USDJPY: Instrument = {
  ...EURUSD,
  symbol: "USDJPY",
  digits: 3,
  point: 0.001,
  pipSize: 0.01,
  baseCurrency: "USD",
  quoteCurrency: "JPY",
};

export const T0 = Date.UTC(2024, 0, 2, 10, 0); // Tuesday 10:00 UTC
export const H1 = 3_600_000;

/** Bars from [open, high, low, close] rows, one per hour from T0, spread in points. */
export function bars(rows: Array<[number, number, number, number]>, spread = 0, step = H1, t0 = T0): BarColumns {
  const n = rows.length;
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]);
  return {
    length: n,
    time: Float64Array.from(rows, (_, i) => t0 + i * step),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    tickVolume: new Float64Array(n).fill(1),
    volume: new Float64Array(n),
    spread: new Float64Array(n).fill(spread),
  };
}

/** A strategy that runs `actions[i]` on bar i. */
export function script(actions: Record<number, (ctx: StrategyContext) => void>): Strategy {
  return {
    onBar(ctx) {
      actions[ctx.index]?.(ctx);
    },
  };
}

/** The fact with its closed trade read from the log. */
function withTrade(fact: TradeFact): TradeLines {
  return fact.action === "close" ? { action: "close", trade: fact.log.at(fact.index) } : fact;
}

/** A host that records every event and never waits. */
export function recordingHost(): EngineHost & { events: BacktestEvent[] } {
  const events: BacktestEvent[] = [];
  let seq = 0;
  let clock = 1_700_000_000_000;
  return {
    events,
    wallNow: () => clock++,
    emit: (type, data) => events.push({ type, seq: seq++, data } as BacktestEvent),
    trade(fact, context) {
      events.push(...tradeEvents(withTrade(fact), context, clock++, seq));
      seq += 2;
    },
    yield: async () => {},
    sleep: async () => {},
    cancelled: () => false,
  };
}

/** Runs `strategy` over `data` with zero costs, 10k USD, 1:100, hedging, fixed 1 lot unless overridden. */
export async function run(
  data: BarColumns | undefined,
  strategy: Strategy,
  overrides: Partial<BacktestInput> = {},
  host = recordingHost(),
) {
  const input: BacktestInput = {
    backtestId: "t",
    variant: "vanilla",
    strategy: { id: "script", params: {}, instance: strategy },
    instrument: EURUSD,
    timeframe: "H1",
    bars: data,
    startIndex: 0,
    account: { ...DEFAULT_ACCOUNT },
    costs: { ...DEFAULT_COSTS, swaps: false },
    sizing: { mode: "fixed", lots: 1 },
    options: { ...DEFAULT_OPTIONS },
    ...overrides,
  };
  const result = await runBacktest(input, host);
  return { result, host, trades: result.trades };
}

/** The messages of the run's log lines, optionally of one level. */
export function logLines(host: { events: BacktestEvent[] }, level?: string): string[] {
  return host.events.flatMap((e) =>
    e.type === "log_entry" && (!level || e.data.level === level) ? [e.data.message] : [],
  );
}
