import { PipscopeError } from "../errors.ts";
import type { Strategy, StrategyDefinition } from "./api.ts";
import {
  asianRangeBreakout,
  bollingerBreakout,
  londonBreakout,
  maCross,
  rsiReversion,
  tickMomentum,
} from "./builtins/index.ts";
import { type ParamValues, resolveParams } from "./params.ts";
import { compileUserStrategy } from "./user-code.ts";

/** The built-in strategies, in the order the UI lists them. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [
  maCross,
  rsiReversion,
  bollingerBreakout,
  londonBreakout,
  asianRangeBreakout,
  tickMomentum,
];

export function strategyById(id: string): StrategyDefinition {
  const found = BUILTIN_STRATEGIES.find((s) => s.id === id);
  if (!found) {
    throw new PipscopeError(
      "STRATEGY_UNKNOWN",
      `unknown strategy '${id}': one of ${BUILTIN_STRATEGIES.map((s) => s.id).join(", ")}`,
      { path: "$.strategy.id" },
    );
  }
  return found;
}

/**
 * Validates parameters (defaults filled) and creates the strategy: a built-in by id, or the
 * user's code when `source` is given (compiled here, so only call this where code may run).
 */
export function createStrategy(
  id: string,
  parameters: unknown,
  source?: string,
): { instance: Strategy; params: ParamValues } {
  const definition = source !== undefined ? compileUserStrategy(source) : strategyById(id);
  const params = resolveParams(id, definition.params, parameters);
  return { instance: definition.create(params), params };
}
