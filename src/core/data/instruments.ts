import { z } from "zod";
import { PipscopeError } from "../errors.ts";
import type { Instrument } from "./types.ts";

/**
 * Runtime schema of an instrument, for edited instruments read back from storage (IndexedDB in
 * the browser, `instruments.json` under the CLI's data directory).
 */
export const instrumentSchema = z.object({
  symbol: z.string().regex(/^[A-Z0-9._#-]{1,32}$/, "symbols are 1–32 capitals, digits or . _ # -"),
  digits: z.number().int().min(0).max(8),
  point: z.number().positive(),
  pipSize: z.number().positive(),
  contractSize: z.number().positive(),
  baseCurrency: z.string().min(1),
  quoteCurrency: z.string().length(3),
  marginRate: z.number().positive(),
  commissionPerLot: z.number().min(0),
  swapMode: z.enum(["points", "money_per_lot"]),
  swapLong: z.number(),
  swapShort: z.number(),
  exchangeGroup: z.string().min(1),
  assetClass: z.string().min(1),
}) satisfies z.ZodType<Instrument>;

function fx(symbol: string, digits: number, swapLong: number, swapShort: number): Instrument {
  return {
    symbol,
    digits,
    point: 1 / 10 ** digits,
    // A pip is the 4th decimal (2nd for JPY quotes): ten points on a 5- or 3-digit quote.
    pipSize: 1 / 10 ** (digits - 1),
    contractSize: 100_000,
    baseCurrency: symbol.slice(0, 3),
    quoteCurrency: symbol.slice(3, 6),
    marginRate: 1,
    commissionPerLot: 0,
    swapMode: "points",
    swapLong,
    swapShort,
    exchangeGroup: "FX",
    assetClass: "CURRENCY",
  };
}

/**
 * Built-in instruments (SPEC §3), as a typical MT5 retail broker quotes them: FX majors at 5
 * digits (3 for JPY quotes) with 100,000-unit lots, gold at 2 digits with 100 oz lots, and a
 * US 500 index CFD at 2 digits with 1-unit lots. Margin rate 1 (the account leverage alone sets
 * margin) and no commission (spread-only account). Swaps are in points per lot per night and are
 * only illustrative — brokers change them weekly; edit them to your broker's Specification window.
 * Gold trades the FX week (Sunday 17:00 – Friday 17:00 New York); the index follows the US equity
 * calendar.
 */
export const DEFAULT_INSTRUMENTS: readonly Instrument[] = [
  fx("EURUSD", 5, -7.2, 2.1),
  fx("GBPUSD", 5, -4.5, -1.3),
  fx("USDJPY", 3, 14.8, -27.9),
  fx("AUDUSD", 5, -3.9, -0.6),
  fx("USDCHF", 5, 5.6, -12.1),
  fx("USDCAD", 5, 1.2, -6.8),
  fx("NZDUSD", 5, -2.6, -1.4),
  {
    symbol: "XAUUSD",
    digits: 2,
    point: 0.01,
    pipSize: 0.1,
    contractSize: 100,
    baseCurrency: "XAU",
    quoteCurrency: "USD",
    marginRate: 1,
    commissionPerLot: 0,
    swapMode: "points",
    swapLong: -45.2,
    swapShort: 21.7,
    exchangeGroup: "FX",
    assetClass: "CURRENCY",
  },
  {
    symbol: "US500",
    digits: 2,
    point: 0.01,
    // One index point; brokers differ, and strategies on indices usually think in points.
    pipSize: 1,
    contractSize: 1,
    baseCurrency: "USD",
    quoteCurrency: "USD",
    marginRate: 1,
    commissionPerLot: 0,
    swapMode: "points",
    swapLong: -180,
    swapShort: 60,
    exchangeGroup: "US_EQUITY",
    assetClass: "EQUITY",
  },
];

const BY_SYMBOL = new Map(DEFAULT_INSTRUMENTS.map((i) => [i.symbol, i]));

/**
 * The built-in instrument for `symbol` (case-insensitive). Edited instruments are kept by the
 * store; pass them as `overrides` so they win over the defaults.
 * @throws PipscopeError `DATA_UNKNOWN_INSTRUMENT` when neither knows the symbol.
 */
export function instrumentFor(symbol: string, overrides: readonly Instrument[] = []): Instrument {
  const wanted = symbol.toUpperCase();
  const found = overrides.find((i) => i.symbol === wanted) ?? BY_SYMBOL.get(wanted);
  if (found) return { ...found };
  throw new PipscopeError(
    "DATA_UNKNOWN_INSTRUMENT",
    `no instrument '${symbol}': built-in ones are ${[...BY_SYMBOL.keys()].join(", ")}; define it in the Data page or inline in the session config`,
    { field: "symbol" },
  );
}
