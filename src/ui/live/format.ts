import { wallClock } from "../session-clock/index.ts";

/** A price with the symbol's digits, e.g. `1.08512`. */
export function formatPrice(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** `HH:MM:SS.mmm` of an instant in `zone`. Zone offsets are whole minutes, so the milliseconds carry over. */
export function formatTickTime(ms: number, zone: string): string {
  return `${wallClock(ms, zone).time}.${String(Math.floor(ms) % 1000).padStart(3, "0")}`;
}

/** Money with two decimals and thousands separators, e.g. `10,093.65`. */
export function formatMoney(value: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
