export { FX_RUN_CALENDAR } from "./fx-calendar.ts";
export { type OpenRun, openRun, type RunDeps, type VariantHooks } from "./open-run.ts";
export { instrumentFromConfig, parseUtc, planRun, type RunPlan } from "./plan.ts";
export { type DataOrigin, type Loaded, type MarketData, prepareBacktest, type RunCalendar } from "./prepare.ts";
export { configWithParams, planSweep, type SweepPlan, type SweepRequest, sweepData } from "./sweep-plan.ts";
export { makeSweepWorker, type SweepWorkerHost } from "./sweep-worker.ts";
