import type { SessionConfig } from "../config/index.ts";
import { PipscopeError } from "../errors.ts";
import type { RunPlan } from "./plan.ts";
import { planSweep, type SweepPlan } from "./sweep-plan.ts";
import type { WalkForwardSettings } from "./walk-forward-windows.ts";

/** A config's walk-forward, checked: the windows and the sweep each in-sample window runs. */
export interface WalkForwardPlan {
  settings: WalkForwardSettings;
  sweep: SweepPlan;
}

/** Where in `walk_forward` a sweep error points. */
function pathOf(error: PipscopeError): string {
  switch (error.code) {
    case "SWEEP_BAD_EXPRESSION":
      return error.where?.field === "objective" ? "$.walk_forward.objective" : "$.walk_forward.constraints";
    case "SWEEP_BAD_SEARCH":
      return "$.walk_forward.search";
    case "SWEEP_CUSTOM_STRATEGY":
      return "$.strategy.source";
    default:
      return "$.walk_forward.parameters";
  }
}

/**
 * Checks the config's `walk_forward` with the sweep planner (axes, constraints, objective,
 * search: sweep-plan.ts) against the planned run. Throws WALK_FORWARD_MISSING when the config has
 * none, and the sweep's errors (SWEEP_…) located at their `$.walk_forward` path in `file`.
 */
export function planWalkForward(config: SessionConfig, run: RunPlan, file: string): WalkForwardPlan {
  const wf = config.walk_forward;
  if (!wf)
    throw new PipscopeError(
      "WALK_FORWARD_MISSING",
      'the vanilla_full and spiced_full variants need a walk_forward section, e.g. {"in_sample_days": 90, "out_of_sample_days": 30, "parameters": ["fast=5:30:5"]}',
      { file, path: "$.walk_forward" },
    );
  try {
    const sweep = planSweep(config, run, {
      params: wf.parameters,
      constraints: wf.constraints,
      objective: wf.objective,
      search: wf.search,
    });
    return {
      settings: { mode: wf.mode, inSampleDays: wf.in_sample_days, outOfSampleDays: wf.out_of_sample_days },
      sweep,
    };
  } catch (error) {
    if (error instanceof PipscopeError && error.code.startsWith("SWEEP_"))
      throw new PipscopeError(error.code, error.message, { file, path: pathOf(error) });
    throw error;
  }
}
