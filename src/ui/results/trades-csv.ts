import { table as columnTable } from "arquero";
import type { BacktestResult } from "../../core/engine/backtest.ts";
import { priceDigits } from "../../core/engine/report-format.ts";
import { formatLots, formatMoney, formatPips, formatPrice } from "../../core/format.ts";

/**
 * Trades as CSV (arquero), one row per trade, times in ISO UTC; prices to the instrument's digits,
 * pips to one decimal and money to cents, as text, so no float noise reaches the file.
 */
export function tradesCsv(result: BacktestResult): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  const digits = priceDigits(result);
  const t = result.trades;
  const money = (value: number) => formatMoney(value, false);
  return columnTable({
    id: t.map((x) => x.id),
    side: t.map((x) => x.side),
    lots: t.map((x) => formatLots(x.lots)),
    entry_time: t.map((x) => iso(x.entryTime)),
    entry_price: t.map((x) => formatPrice(x.entryPrice, digits)),
    exit_time: t.map((x) => iso(x.exitTime)),
    exit_price: t.map((x) => formatPrice(x.exitPrice, digits)),
    pips: t.map((x) => formatPips(x.pips)),
    pnl: t.map((x) => money(x.pnl)),
    commission: t.map((x) => money(x.commission)),
    swap: t.map((x) => money(x.swap)),
    mae_pips: t.map((x) => formatPips(x.mae)),
    mfe_pips: t.map((x) => formatPips(x.mfe)),
    session: t.map((x) => x.session),
    exit_reason: t.map((x) => x.exitReason),
  }).toCSV();
}
