export { FX_RUN_CALENDAR } from "./fx-calendar.ts";
export { loadSessionConfig, parseSessionConfig } from "./load.ts";
export { instrumentFromConfig, parseUtc, planRun, type RunPlan } from "./plan.ts";
export { type Loaded, type MarketData, prepareBacktest, type RunCalendar } from "./prepare.ts";
export {
  type InstrumentConfig,
  type SessionConfig,
  STREAMS,
  type StreamName,
  sessionConfigSchema,
} from "./session-config.ts";
export { VARIANTS, type VariantName, type WalkForwardConfig } from "./walk-forward-config.ts";
