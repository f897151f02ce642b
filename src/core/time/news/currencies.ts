import { PipscopeError } from "../../errors.ts";

/** Currency codes a six-letter FX or metal symbol is read as (base then quote). */
const CODES = new Set(
  "USD EUR GBP JPY AUD NZD CAD CHF CNY CNH HKD SGD SEK NOK DKK ZAR MXN TRY PLN HUF CZK ILS RUB INR KRW THB XAU XAG XPT XPD".split(
    " ",
  ),
);

/** Index CFDs and the currency whose news moves them. */
const INDEX_CURRENCY: Record<string, string> = {
  US500: "USD",
  US30: "USD",
  US100: "USD",
  NAS100: "USD",
  SPX500: "USD",
  USTEC: "USD",
  DE40: "EUR",
  GER40: "EUR",
  GER30: "EUR",
  EU50: "EUR",
  FRA40: "EUR",
  UK100: "GBP",
  JP225: "JPY",
  AUS200: "AUD",
};

/**
 * The currencies whose news concerns an instrument: EURUSD → EUR, USD (base, quote); XAUUSD → XAU,
 * USD; a broker suffix is ignored (EURUSD.m, EURUSDm); index CFDs map to their country's currency
 * (US500 → USD). An unknown symbol is a PipscopeError: say the currencies explicitly instead.
 */
export function symbolCurrencies(symbol: string): string[] {
  const upper = symbol.trim().toUpperCase();
  const pair = /^([A-Z]{3})([A-Z]{3})/.exec(upper);
  if (pair && CODES.has(pair[1]) && CODES.has(pair[2])) return [pair[1], pair[2]];
  const index = Object.keys(INDEX_CURRENCY).find((name) => upper.startsWith(name));
  if (index) return [INDEX_CURRENCY[index]];
  throw new PipscopeError(
    "NEWS_UNKNOWN_SYMBOL",
    `cannot tell which currencies' news moves '${symbol}'; give the currencies (e.g. USD) instead`,
    { field: "symbol" },
  );
}
