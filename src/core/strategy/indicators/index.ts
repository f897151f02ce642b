export { checkColumns, checkNumber, checkPeriod, type Span } from "./checks.ts";
export { crossovers } from "./crossovers.ts";
export { ema, sma, wma } from "./moving-averages.ts";
export { atr, rsi } from "./oscillators.ts";
export { type BollingerBands, bollinger, rollingMax, rollingMin, rollingStdev } from "./rolling.ts";
export { applySessionMask, checkSessionBits } from "./session-mask.ts";
export {
  checkSimulation,
  makeSimulationOutput,
  SIMULATED_EXITS,
  type SimulationBars,
  type SimulationOutput,
  type SimulationParams,
  type SimulationSignals,
  type Spans,
  simulateSignals,
} from "./simulate-signals.ts";
