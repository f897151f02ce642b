export { VECTORISED_STRATEGIES, type Vectorisation, vectorisation } from "./eligibility.ts";
export { type CompiledExpression, compileExpression, FUNCTIONS } from "./expression.ts";
export { type Heatmap, type HeatmapCell, type HeatmapMode, heatmap } from "./heatmap.ts";
export {
  OBJECTIVES,
  type Objective,
  parseObjective,
  SWEEP_METRICS,
  type SweepMetricName,
  type SweepMetrics,
} from "./objective.ts";
export type { Parity } from "./parity.ts";
export {
  type PoolHost,
  type SweepHandle,
  type SweepJob,
  type SweepListener,
  type SweepOutcome,
  type SweepPort,
  type SweepProgress,
  shareRunData,
  startSweep,
} from "./pool.ts";
export type { FromWorker, RunData, SweepMethod, SweepRow, ToWorker } from "./protocol.ts";
export { type RankedRow, rankRows } from "./ranking.ts";
export {
  type Combinations,
  enumerate,
  MAX_COMBINATIONS,
  makeSpace,
  type SearchSpec,
  type SweepSpace,
} from "./search.ts";
export { listAxis, type ParamAxis, type ParamValue, parseAxis, rangeAxis } from "./space.ts";
export { sweepSummary } from "./summary.ts";
