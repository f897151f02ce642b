import { loadSessionConfig } from "../config/index.ts";
import type { Instrument, Timeframe } from "../data/types.ts";
import { vectorisation } from "../engine/sweep/eligibility.ts";
import { type Objective, parseObjective } from "../engine/sweep/objective.ts";
import type { RunData, SweepMethod } from "../engine/sweep/protocol.ts";
import { type Combinations, enumerate, makeSpace, type SearchSpec, type SweepSpace } from "../engine/sweep/search.ts";
import { parseAxis } from "../engine/sweep/space.ts";
import { PipscopeError } from "../errors.ts";
import { createStrategy, type ParamSpec, type ParamValues, strategyById } from "../strategy/index.ts";
import { planRun, type RunPlan } from "./plan.ts";
import type { MarketData } from "./prepare.ts";

/** What a user asks for: a session config and what to vary in it (the CLI's flags, the panel's form). */
export interface SweepRequest {
  /** The session config's JSON text: the run every combination varies. */
  config: string;
  /** Where the config came from, for errors ("sweep.json", "the Backtest page"). */
  file: string;
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
 * Checks a sweep request against the config and the strategy's parameter schema and lists its
 * combinations. Throws the config's errors (CONFIG_…, located in `file`), SWEEP_NO_PARAMS,
 * SWEEP_CUSTOM_STRATEGY, SWEEP_BAD_PARAM, SWEEP_BAD_EXPRESSION, SWEEP_TOO_LARGE or SWEEP_EMPTY.
 */
export function planSweep(request: SweepRequest, defaultInstrument: (symbol: string) => Instrument): SweepPlan {
  const run = planRun(loadSessionConfig(request.config, request.file), defaultInstrument);
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

/**
 * Loads a plan's data once for the whole sweep: its bars (or ticks) with warm-up history, and M1
 * when the plan resolves intrabar paths with it — what `prepareBacktest` would load for one run.
 */
export async function loadRunData(run: RunPlan, market: MarketData): Promise<RunData> {
  if (run.timeframe === "ticks") {
    const loaded = await market.ticks(run.symbol, run.from, run.to, run.warmupRows);
    return { kind: "ticks", rows: loaded.rows, startIndex: loaded.startIndex, label: loaded.label };
  }
  const loaded = await market.bars(run.symbol, run.timeframe as Timeframe, run.from, run.to, run.warmupRows);
  const finer =
    run.finerM1 && run.timeframe !== "M1" ? (await market.bars(run.symbol, "M1", run.from, run.to, 0)).rows : undefined;
  return { kind: "bars", rows: loaded.rows, startIndex: loaded.startIndex, label: loaded.label, finer };
}

/**
 * The config text with the strategy's parameters replaced by one combination's: what a sweep
 * row runs as a full backtest (with its live log) in the backtest worker or `pipscope backtest`.
 */
export function configWithParams(config: string, params: ParamValues): string {
  const parsed = JSON.parse(config) as { strategy: { parameters?: ParamValues } };
  return JSON.stringify({ ...parsed, strategy: { ...parsed.strategy, parameters: { ...params } } });
}
