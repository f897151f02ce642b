import type { SessionConfig } from "../config/index.ts";
import type { BarColumns } from "../data/types.ts";
import type { BacktestInput } from "../engine/backtest.ts";
import { vectorisation } from "../engine/sweep/eligibility.ts";
import { type Objective, parseObjective } from "../engine/sweep/objective.ts";
import type { RunData, SweepMethod } from "../engine/sweep/protocol.ts";
import { type Combinations, enumerate, makeSpace, type SearchSpec, type SweepSpace } from "../engine/sweep/search.ts";
import { parseAxis } from "../engine/sweep/space.ts";
import { PipscopeError } from "../errors.ts";
import { createStrategy, type ParamSpec, type ParamValues, strategyById } from "../strategy/index.ts";
import type { RunPlan } from "./plan.ts";

/** What to vary in a run: the CLI's flags, the Sweep panel's form, a config's walk_forward. */
export interface SweepRequest {
  /** Axes as `name=from:to[:step]`, `name=a,b,c` or `name=value` (space.ts `parseAxis`). */
  params: readonly string[];
  /** Boolean expressions over the parameters, e.g. `fast < slow`. */
  constraints: readonly string[];
  /** A metric name or an expression (objective.ts `parseObjective`). */
  objective: string;
  search: SearchSpec;
}

/** A checked sweep, ready to load its data and start. */
export interface SweepPlan {
  /** The run every combination varies, as its config (typed) and its plan. */
  config: SessionConfig;
  run: RunPlan;
  specs: readonly ParamSpec[];
  space: SweepSpace;
  /** The combinations to run (constraints applied, and those the strategy refuses left out). */
  combinations: Combinations;
  /** Combinations the strategy itself refuses (e.g. ma_cross with fast ≥ slow), with the first reason. */
  refused: { count: number; example?: string };
  objective: Objective;
  method: SweepMethod;
  /** Why the method: the simulator is eligible, or the first reason it is not. */
  methodReason: string;
}

/**
 * Checks a sweep request against a planned run and its strategy's parameter schema and lists its
 * combinations. Throws SWEEP_NO_PARAMS, SWEEP_CUSTOM_STRATEGY, SWEEP_BAD_PARAM, SWEEP_BAD_EXPRESSION,
 * SWEEP_TOO_LARGE or SWEEP_EMPTY.
 */
export function planSweep(config: SessionConfig, run: RunPlan, request: SweepRequest): SweepPlan {
  if (run.strategy.source !== undefined)
    throw new PipscopeError("SWEEP_CUSTOM_STRATEGY", "sweeps run the built-in strategies, not custom code", {
      path: "$.strategy.source",
    });
  if (request.params.length === 0)
    throw new PipscopeError("SWEEP_NO_PARAMS", "name at least one parameter to vary, e.g. fast=5:50:5");
  const { id } = run.strategy;
  const specs = strategyById(id).params;
  const base = createStrategy(id, run.strategy.parameters).params;
  const axes = request.params.map((text) => parseAxis(text, specs, id));
  const space = makeSpace(specs, base, axes, request.constraints);
  const objective = parseObjective(request.objective, specs);
  const listed = enumerate(space, request.search);
  const refused = { count: 0, example: undefined as string | undefined };
  const combinations = listed.combinations.filter((params) => {
    const reason = refusal(id, params);
    if (reason === undefined) return true;
    refused.count++;
    refused.example ??= reason;
    return false;
  });
  if (combinations.length === 0)
    throw new PipscopeError("SWEEP_EMPTY", `${id} refuses every combination: ${refused.example}`, { field: "params" });
  const eligible = vectorisation(run);
  return {
    config,
    run,
    specs,
    space,
    combinations: { ...listed, combinations },
    refused,
    objective,
    method: eligible.ok ? "vectorised" : "engine",
    methodReason: eligible.ok
      ? `${id} is vectorised under these settings (checked against the engine first)`
      : eligible.reason,
  };
}

/** Why the strategy refuses `params` (its own checks, e.g. fast < slow), or undefined. */
function refusal(id: string, params: ParamValues): string | undefined {
  try {
    createStrategy(id, params);
    return undefined;
  } catch (error) {
    if (error instanceof PipscopeError && error.code === "STRATEGY_BAD_PARAM") return error.message;
    throw error;
  }
}

/** A prepared run's data as the sweep pool shares it with its workers: its rows, and M1 for intrabar paths. */
export function sweepData(input: BacktestInput): RunData {
  if (input.ticks) return { kind: "ticks", rows: input.ticks, startIndex: input.startIndex, label: input.dataLabel };
  return {
    kind: "bars",
    rows: input.bars as BarColumns,
    startIndex: input.startIndex,
    label: input.dataLabel,
    finer: input.finer,
  };
}

/** The config with the strategy's parameters replaced by one combination's: what a sweep row runs in full. */
export function configWithParams(config: SessionConfig, params: ParamValues): SessionConfig {
  return { ...config, strategy: { ...config.strategy, parameters: { ...params } } };
}
