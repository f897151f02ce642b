import { table as columnTable, op } from "arquero";
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

/** Where the edge comes from: trades grouped by session, weekday and hour of entry (arquero). */
export function computeBreakdowns(trades: readonly Trade[]): Breakdowns {
  if (trades.length === 0) return { session: [], weekday: [], hour: [] };
  const table = columnTable({
    session: trades.map((t) => t.session || "UNKNOWN"),
    // 1970-01-01 was a Thursday (4).
    weekday: trades.map((t) => (Math.floor(t.entryTime / MS_PER_DAY) + 4) % 7),
    hour: trades.map((t) => Math.floor(t.entryTime / MS_PER_HOUR) % 24),
    pnl: trades.map((t) => t.pnl),
    pips: trades.map((t) => t.pips),
  });
  const by = (key: string, label: (value: number | string) => string): BreakdownRow[] =>
    (
      table
        .groupby(key)
        .rollup({
          trades: op.count(),
          wins: (d: { pnl: number }) => op.sum(d.pnl > 0 ? 1 : 0),
          net_pnl: (d: { pnl: number }) => op.sum(d.pnl),
          pips: (d: { pips: number }) => op.sum(d.pips),
        })
        .orderby(key)
        .objects() as Array<Record<string, number | string>>
    ).map((row) => {
      const count = row.trades as number;
      return {
        key: label(row[key]),
        trades: count,
        wins: row.wins as number,
        win_rate: ((row.wins as number) / count) * 100,
        net_pnl: row.net_pnl as number,
        avg_pnl: (row.net_pnl as number) / count,
        pips: row.pips as number,
      };
    });
  return {
    session: by("session", String),
    weekday: by("weekday", (d) => WEEKDAYS[d as number]),
    hour: by("hour", (h) => String(h).padStart(2, "0")),
  };
}
