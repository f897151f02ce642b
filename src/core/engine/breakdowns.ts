import { MS_PER_DAY, MS_PER_HOUR } from "../units.ts";
import type { Trade } from "./orders.ts";

/** One group of trades in a breakdown (net P&L in the account currency). */
export interface BreakdownRow {
  key: string;
  trades: number;
  wins: number;
  win_rate: number;
  net_pnl: number;
  avg_pnl: number;
  pips: number;
}

export interface Breakdowns {
  /** By primary session at entry (e.g. LONDON, OVERLAP_LONDON_NY). */
  session: BreakdownRow[];
  /** By weekday of entry, UTC. */
  weekday: BreakdownRow[];
  /** By hour of entry, UTC (00–23). */
  hour: BreakdownRow[];
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * Where the edge comes from: trades grouped by session, weekday and hour of entry, each group's
 * sums in trade order, groups in ascending key order. A single pass per breakdown: this runs after
 * every backtest, so it stays a loop rather than a query engine.
 */
export function computeBreakdowns(trades: readonly Trade[]): Breakdowns {
  return {
    session: groupTrades(trades, (t) => t.session || "UNKNOWN", String),
    // 1970-01-01 was a Thursday (4).
    weekday: groupTrades(
      trades,
      (t) => (Math.floor(t.entryTime / MS_PER_DAY) + 4) % 7,
      (d) => WEEKDAYS[d],
    ),
    hour: groupTrades(
      trades,
      (t) => Math.floor(t.entryTime / MS_PER_HOUR) % 24,
      (h) => String(h).padStart(2, "0"),
    ),
  };
}

function groupTrades<K extends string | number>(
  trades: readonly Trade[],
  keyOf: (trade: Trade) => K,
  label: (key: K) => string,
): BreakdownRow[] {
  const groups = new Map<K, { trades: number; wins: number; net_pnl: number; pips: number }>();
  for (const trade of trades) {
    const key = keyOf(trade);
    let group = groups.get(key);
    if (!group) {
      group = { trades: 0, wins: 0, net_pnl: 0, pips: 0 };
      groups.set(key, group);
    }
    group.trades++;
    if (trade.pnl > 0) group.wins++;
    group.net_pnl += trade.pnl;
    group.pips += trade.pips;
  }
  return [...groups.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => {
      const group = groups.get(key) as { trades: number; wins: number; net_pnl: number; pips: number };
      return {
        key: label(key),
        trades: group.trades,
        wins: group.wins,
        win_rate: (group.wins / group.trades) * 100,
        net_pnl: group.net_pnl,
        avg_pnl: group.net_pnl / group.trades,
        pips: group.pips,
      };
    });
}
