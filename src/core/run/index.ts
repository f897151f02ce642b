export { FX_RUN_CALENDAR } from "./fx-calendar.ts";
export { instrumentFromConfig, parseUtc, planRun, type RunPlan } from "./plan.ts";
export { type DataOrigin, type Loaded, type MarketData, prepareBacktest, type RunCalendar } from "./prepare.ts";
export { configWithParams, loadRunData, planSweep, type SweepPlan, type SweepRequest } from "./sweep-plan.ts";
export { makeSweepWorker, type SweepWorkerHost } from "./sweep-worker.ts";
