import { configInstant } from "../config/date-span.ts";
import { type NewsPlan, planNews } from "../config/news-config.ts";
import { planRouter, type RouterPlan } from "../config/router-config.ts";
import type { InstrumentConfig, SessionConfig } from "../config/session-config.ts";
import { STREAMS } from "../config/session-config.ts";
import type { Instrument, Timeframe } from "../data/types.ts";
import type { AccountSpec, CostSpec, EngineOptions, SizingSpec } from "../engine/spec.ts";
import { PipscopeError } from "../errors.ts";
import { MS_PER_DAY, type UtcMs } from "../units.ts";

/** A session config turned into what the engine and the data store need, with units and UTC ms. */
export interface RunPlan {
  name: string;
  variant: SessionConfig["variant"];
  symbol: string;
  instrument: Instrument;
  /** The first stream's timeframe, or "ticks". */
  timeframe: Timeframe | "ticks";
  /** Tested range [from, to) in UTC ms. */
  from: UtcMs;
  to: UtcMs;
  /** Rows of history to load before `from`. */
  warmupRows: number;
  /** The name of the symbol's dataset to read (`session_data_config.datasets`); default the best. */
  dataset?: string;
  /** Resolve intrabar paths with cached M1 bars. */
  finerM1: boolean;
  account: AccountSpec;
  costs: CostSpec;
  sizing: SizingSpec;
  options: EngineOptions;
  strategy: { id: string; parameters: Record<string, number | boolean | string>; source?: string };
  sessionsFilter?: string[];
  /** News kill zones, when the config asks for them. */
  news?: NewsPlan;
  /** The spiced variants' team and router rules, when the config has a `router` field. */
  router?: RouterPlan;
  speedMultiplier: number;
  quoteToAccount?: number;
}

/** "2024-01-31" is UTC midnight; a time without a zone is UTC too. */
export function parseUtc(value: string, field: string): UtcMs {
  const ms = configInstant(value);
  if (!Number.isFinite(ms)) throw new PipscopeError("CONFIG_BAD_DATE", `not a date: '${value}'`, { path: field });
  return ms;
}

/** An inline instrument (snake_case, from a config) as the engine's Instrument. */
export function instrumentFromConfig(c: InstrumentConfig): Instrument {
  return {
    symbol: c.symbol,
    digits: c.digits,
    point: c.point,
    pipSize: c.pip_size,
    contractSize: c.contract_size,
    baseCurrency: c.base_currency,
    quoteCurrency: c.quote_currency,
    marginRate: c.margin_rate,
    commissionPerLot: c.commission_per_lot,
    swapMode: c.swap_mode,
    swapLong: c.swap_long,
    swapShort: c.swap_short,
    exchangeGroup: c.exchange_group,
    assetClass: c.asset_class,
  };
}

/**
 * Resolves a validated config into a plan: dates to UTC ms (a date-only `end_date` includes that
 * whole day), the instrument (inline definition first, else `defaultInstrument`), costs, sizing.
 */
export function planRun(config: SessionConfig, defaultInstrument: (symbol: string) => Instrument): RunPlan {
  const bc = config.backtest_config;
  const data = config.session_data_config;
  const symbol = data.symbols[0];
  const from = parseUtc(bc.start_date, "$.backtest_config.start_date");
  const to =
    bc.end_date !== undefined
      ? parseUtc(bc.end_date, "$.backtest_config.end_date") + (bc.end_date.length === 10 ? MS_PER_DAY : 0)
      : from + (bc.backtest_days as number) * MS_PER_DAY;
  if (!(to > from)) {
    throw new PipscopeError(
      "CONFIG_BAD_RANGE",
      `end (${new Date(to).toISOString()}) is not after start (${new Date(from).toISOString()})`,
      {
        path: "$.backtest_config.end_date",
      },
    );
  }
  const inline = data.instruments.find((i) => i.symbol === symbol);
  const instrument = inline ? instrumentFromConfig(inline) : defaultInstrument(symbol);
  const costs = bc.costs;
  return {
    name: config.session_name,
    variant: config.variant,
    symbol,
    instrument,
    timeframe: STREAMS[data.streams[0]] as Timeframe | "ticks",
    from,
    to,
    warmupRows: data.historical.bars,
    dataset: data.datasets[symbol],
    finerM1: bc.intrabar === "M1",
    account: {
      currency: bc.currency,
      initialBalance: bc.initial_balance,
      leverage: bc.leverage,
      mode: bc.account_mode,
      marginCallLevel: bc.margin_call_level,
      stopOutLevel: bc.stop_out_level,
    },
    costs: {
      spread: costs.spread,
      extraSpread: costs.extra_spread_points,
      slippage: costs.slippage_points,
      commission:
        costs.commission_percent !== undefined
          ? { mode: "percent", percent: costs.commission_percent }
          : { mode: "per_lot", perLotPerSide: costs.commission_per_lot ?? instrument.commissionPerLot },
      swaps: costs.swaps,
    },
    sizing: bc.sizing,
    options: { tradeOnClose: bc.trade_on_close, closeAtEnd: bc.close_at_end, onRuin: bc.on_ruin },
    strategy: { id: config.strategy.id, parameters: config.strategy.parameters, source: config.strategy.source },
    sessionsFilter: config.sessions_filter,
    news: config.news && planNews(config.news, symbol),
    router: config.router && planRouter(config.router),
    speedMultiplier: bc.speed_multiplier,
    quoteToAccount: bc.quote_to_account_rate,
  };
}
