export { crossovers } from "./crossovers.ts";
export { ema, sma } from "./moving-averages.ts";
export { atr, bollinger, rsi } from "./oscillators.ts";
