export { bollingerBreakout } from "./bollinger-breakout.ts";
export { maCross } from "./ma-cross.ts";
export { rsiReversion } from "./rsi-reversion.ts";
export { asianRangeBreakout, londonBreakout } from "./session-range-breakout.ts";
export { tickMomentum } from "./tick-momentum.ts";
