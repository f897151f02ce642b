import type { Lots, Money } from "../units.ts";
import type { SizingSpec } from "./spec.ts";

/** MT5's usual volume step for FX and metals. */
export const LOT_STEP = 0.01;

/** What a sizing rule reads of the account at the moment of a fill. */
export interface SizingAccount {
  equity: Money;
  usedMargin: Money;
  leverage: number;
  /** Units of the base currency in one lot. */
  contract: number;
  toAccount: (amount: number, price: number) => Money;
}

/**
 * Lots the rule gives for an entry filled at `price` with stop `sl` (NaN: none); `undefined` when
 * risk sizing has no stop to measure the risk by. Risk: the lots whose loss at the stop is that
 * share of the equity, down to the lot step; fraction: whole units of the base, like
 * backtesting.py's size=0.9999 (int(margin_available × leverage × size // price)).
 */
export function entryLots(sizing: SizingSpec, account: SizingAccount, price: number, sl: number): Lots | undefined {
  switch (sizing.mode) {
    case "fixed":
      return sizing.lots;
    case "risk": {
      if (Number.isNaN(sl)) return undefined;
      const riskMoney = (account.equity * sizing.percent) / 100;
      const lossPerLot = account.toAccount(Math.abs(price - sl) * account.contract, price);
      return Math.floor(riskMoney / lossPerLot / LOT_STEP + 1e-9) * LOT_STEP;
    }
    case "fraction": {
      const available = Math.max(0, account.equity - account.usedMargin);
      const unitPrice = account.toAccount(price, price);
      const units = Math.floor((available * account.leverage * sizing.fraction) / unitPrice + 1e-9);
      return units / account.contract;
    }
  }
}

/** The smallest entry a rule can ask for: its fixed size, or the lot step when it scales with the account. */
export function smallestEntry(sizing: SizingSpec): Lots {
  return sizing.mode === "fixed" ? sizing.lots : LOT_STEP;
}
