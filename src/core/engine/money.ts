import type { Instrument } from "../data/types.ts";
import { PipscopeError } from "../errors.ts";
import type { Lots, Money } from "../units.ts";
import type { CommissionSpec } from "./spec.ts";

/**
 * Converts amounts in the instrument's quote currency to the account currency.
 * - quote = account (EURUSD, USD account): unchanged;
 * - base = account (USDJPY, USD account): divide by the current price — JPY P&L becomes USD at
 *   the rate of the moment, as MT5 does;
 * - otherwise a fixed `quoteToAccount` rate must be given (cross pairs need a third symbol's
 *   prices, which a single-symbol run does not load).
 */
export function makeQuoteToAccount(
  instrument: Instrument,
  accountCurrency: string,
  quoteToAccount?: number,
): (amount: number, price: number) => Money {
  if (instrument.quoteCurrency === accountCurrency) return (amount) => amount;
  if (instrument.baseCurrency === accountCurrency) return (amount, price) => amount / price;
  if (quoteToAccount !== undefined && quoteToAccount > 0) return (amount) => amount * quoteToAccount;
  throw new PipscopeError(
    "ENGINE_NO_CONVERSION",
    `cannot convert ${instrument.quoteCurrency} P&L of ${instrument.symbol} to the ${accountCurrency} account: set quote_to_account_rate`,
    { field: "quote_to_account_rate" },
  );
}

/** Commission for one side of a fill, in the account currency. */
export function commissionFor(spec: CommissionSpec, lots: Lots, notionalInAccount: Money): Money {
  return spec.mode === "per_lot" ? lots * spec.perLotPerSide : (notionalInAccount * spec.percent) / 100;
}
