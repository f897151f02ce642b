export type {
  EntryOptions,
  PositionSummary,
  Strategy,
  StrategyContext,
  StrategyDefinition,
  StrategyLog,
} from "./api.ts";
export { type ParamSpec, type ParamValues, paramsSchema, resolveParams } from "./params.ts";
export { BUILTIN_STRATEGIES, createStrategy, strategyById } from "./registry.ts";
export { type Cursor, Series } from "./series.ts";
