export type { DataOrigin } from "../data/origin.ts";

import type { NewsFile, NewsPlan } from "../config/news-config.ts";
import { coverageGap } from "../data/coverage.ts";
import type { DataOrigin } from "../data/origin.ts";
import type { BarColumns, Instrument, TickColumns, Timeframe } from "../data/types.ts";
import type { BacktestInput } from "../engine/backtest.ts";
import type { SessionColumns } from "../engine/context.ts";
import { PipscopeError } from "../errors.ts";
import { type KillZoneColumn, killZoneColumn } from "../router/kill-zones.ts";
import type { Strategy } from "../strategy/api.ts";
import type { ParamValues } from "../strategy/params.ts";
import { KillZones, marketCalendar, type NewsEvent } from "../time/index.ts";
import type { UtcMs } from "../units.ts";
import type { RunPlan } from "./plan.ts";

/** Rows of a range plus `warmupRows` before it; `startIndex` is the first row at or after `from`. */
export interface Loaded<T> {
  rows: T;
  startIndex: number;
  /** For the log: where the data came from and its quality. */
  label?: string;
  /** Where the rows came from (absent for data not from the cache, e.g. a test's fixture). */
  origin?: DataOrigin;
}

/** Where a run's market data comes from: the local cache (browser or CLI), or a test fixture. */
export interface MarketData {
  /** The user's instrument specs (edited on the Data page or stored in the cache); planning prefers them to the defaults. */
  instruments?(): Promise<Instrument[]>;
  /** `dataset`: the name of the symbol's dataset to read (default: the one that covers the range best). */
  bars(
    symbol: string,
    timeframe: Timeframe,
    from: UtcMs,
    to: UtcMs,
    warmupRows: number,
    dataset?: string,
  ): Promise<Loaded<BarColumns>>;
  ticks(symbol: string, from: UtcMs, to: UtcMs, warmupRows: number, dataset?: string): Promise<Loaded<TickColumns>>;
}

/** What a run needs to know about time: session labels per row and the FX rollovers. */
export interface RunCalendar {
  sessions(time: Float64Array): SessionColumns;
  /** FX day closes (17:00 New York, Monday–Friday) in [from, to], with swap days (3 on Wednesday). */
  rollovers(from: UtcMs, to: UtcMs): { time: Float64Array; days: Uint8Array };
  /**
   * Economic-calendar events for news kill zones: those of `file` (read by the host, e.g. the
   * CLI, relative to the config), or without one the calendar the user imported (the app's News
   * page). Absent where the host has no calendar to offer.
   */
  news?(file: NewsFile | undefined): Promise<readonly NewsEvent[]>;
}

/** The plan's kill zones over a time column: inline events, else the calendar's. */
async function newsColumn(news: NewsPlan, calendar: RunCalendar, time: Float64Array): Promise<KillZoneColumn> {
  let events: readonly NewsEvent[] | undefined = news.events;
  if (!events) {
    if (!calendar.news) {
      throw new PipscopeError(
        "CONFIG_NEWS_UNAVAILABLE",
        news.file
          ? "news.file cannot be read here: give the events inline (news.events) or run the config with the command line"
          : "no economic calendar here: set news.file to a calendar export, or give news.events inline",
        { path: news.file ? "$.news.file" : "$.news" },
      );
    }
    events = await calendar.news(news.file);
  }
  return killZoneColumn(time, new KillZones(events, news.currencies, news.killZones), news.flatten);
}

/**
 * Loads the data a plan names and assembles the engine's input: bars (or ticks) with warm-up
 * history, finer M1 bars when the plan resolves intrabar paths with them, sessions and rollovers.
 */
export async function prepareBacktest(
  plan: RunPlan,
  strategy: { instance: Strategy; params: ParamValues },
  data: MarketData,
  calendar: RunCalendar,
  backtestId: string,
  now: () => number,
): Promise<BacktestInput> {
  const loadStarted = now();
  const tickMode = plan.timeframe === "ticks";
  const loaded = tickMode
    ? await data.ticks(plan.symbol, plan.from, plan.to, plan.warmupRows, plan.dataset)
    : await data.bars(plan.symbol, plan.timeframe as Timeframe, plan.from, plan.to, plan.warmupRows, plan.dataset);
  // The finer bars come from the same dataset as the run's own.
  const finer =
    plan.finerM1 && !tickMode && plan.timeframe !== "M1"
      ? (await data.bars(plan.symbol, "M1", plan.from, plan.to, 0, loaded.origin?.name ?? plan.dataset)).rows
      : undefined;
  const time = loaded.rows.time;
  const killZones = plan.news && (await newsColumn(plan.news, calendar, time));
  return {
    backtestId,
    variant: plan.variant,
    strategy: { id: plan.strategy.id, params: strategy.params, instance: strategy.instance },
    instrument: plan.instrument,
    timeframe: plan.timeframe,
    bars: tickMode ? undefined : (loaded.rows as BarColumns),
    ticks: tickMode ? (loaded.rows as TickColumns) : undefined,
    startIndex: loaded.startIndex,
    finer,
    account: plan.account,
    costs: plan.costs,
    sizing: plan.sizing,
    options: plan.options,
    sessions: calendar.sessions(time),
    sessionsFilter: plan.sessionsFilter,
    killZones,
    rollovers: calendar.rollovers(time.length ? time[0] : plan.from, plan.to),
    quoteToAccount: plan.quoteToAccount,
    speedMultiplier: plan.speedMultiplier,
    loadMs: now() - loadStarted,
    dataLabel: loaded.label,
    origin: loaded.origin,
    requested: { from: plan.from, to: plan.to },
    coverageGap: coverageGap(
      {
        requested: { from: plan.from, to: plan.to },
        covered:
          loaded.startIndex < time.length ? { first: time[loaded.startIndex], last: time[time.length - 1] } : null,
      },
      marketCalendar(plan.instrument.exchangeGroup, plan.instrument.assetClass),
      plan.timeframe,
    ),
  };
}
