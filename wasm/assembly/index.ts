// The kernels module: every export is a kernel over raw pointers into this module's memory. The
// host owns that memory (src/core/kernels/arena.ts lays columns out above `heapBase`); nothing
// here allocates, so the stub runtime never grows the memory behind the host's back.

export { ema, sma, wma } from "./moving-averages";
export { atr, rsi } from "./oscillators";
export { bollinger, rollingMax, rollingMin, rollingStdev } from "./rolling";
export { applySessionMask, crossovers } from "./signals";
export { setTradeColumns, simulate } from "./simulate";

/** First byte the host may use: everything below is this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
