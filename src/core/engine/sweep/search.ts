import { PipscopeError } from "../../errors.ts";
import { seededRandom } from "../../random.ts";
import type { ParamSpec, ParamValues } from "../../strategy/params.ts";
import { type CompiledExpression, compileExpression, type ValueType } from "./expression.ts";
import type { ParamAxis } from "./space.ts";

/** Grid: every combination of the axes. Random: `samples` distinct combinations drawn from the grid. */
export type SearchSpec = { kind: "grid" } | { kind: "random"; samples: number; seed: number };

/** Most combinations one sweep runs: results stay a small in-memory table. */
export const MAX_COMBINATIONS = 100_000;

/** What to vary, around which fixed parameters, under which constraints. */
export interface SweepSpace {
  /** Every parameter's value when not varied (the config's, defaults filled). */
  base: ParamValues;
  axes: readonly ParamAxis[];
  constraints: readonly CompiledExpression[];
}

/** The combinations to run, and how many candidates the constraints turned away. */
export interface Combinations {
  combinations: ParamValues[];
  /** Grid size: the product of the axes' lengths. */
  gridSize: number;
  rejected: number;
}

/** The type each parameter has in constraint and objective expressions. */
export function paramTypes(specs: readonly ParamSpec[]): Record<string, ValueType> {
  const types: Record<string, ValueType> = {};
  for (const spec of specs)
    types[spec.name] = spec.type === "bool" ? "boolean" : spec.type === "enum" ? "string" : "number";
  return types;
}

/**
 * Checks that no parameter is varied twice and compiles the constraints (boolean expressions over
 * every parameter, e.g. `fast < slow`). Throws SWEEP_BAD_PARAM or SWEEP_BAD_EXPRESSION.
 */
export function makeSpace(
  specs: readonly ParamSpec[],
  base: ParamValues,
  axes: readonly ParamAxis[],
  constraints: readonly string[],
): SweepSpace {
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.name)) {
      throw new PipscopeError("SWEEP_BAD_PARAM", `parameter ${axis.name} is varied twice`, { field: axis.name });
    }
    seen.add(axis.name);
  }
  const types = paramTypes(specs);
  return {
    base,
    axes,
    constraints: constraints.map((source, i) =>
      compileExpression(source, types, "boolean", constraints.length > 1 ? `constraint ${i + 1}` : "constraint"),
    ),
  };
}

/** The product of the axes' lengths (1 with no axes: the base combination alone). */
export function gridSize(axes: readonly ParamAxis[]): number {
  return axes.reduce((size, axis) => size * axis.values.length, 1);
}

/** Combination `index` of the grid (mixed radix, the last axis varying fastest). */
export function combinationAt(space: SweepSpace, index: number): ParamValues {
  const params: ParamValues = { ...space.base };
  let rest = index;
  for (let a = space.axes.length - 1; a >= 0; a--) {
    const { name, values } = space.axes[a];
    params[name] = values[rest % values.length];
    rest = Math.floor(rest / values.length);
  }
  return params;
}

/** Whether every constraint holds for `params`. */
export function admits(space: SweepSpace, params: ParamValues): boolean {
  return space.constraints.every((c) => c.evaluate(params) === true);
}

/**
 * The combinations a search runs, in a stable order (grid order; random: the order drawn, from a
 * seeded generator, so a seed repeats its sweep). Throws SWEEP_TOO_LARGE when a grid exceeds
 * MAX_COMBINATIONS and SWEEP_EMPTY when the constraints leave nothing.
 */
export function enumerate(space: SweepSpace, search: SearchSpec): Combinations {
  const size = gridSize(space.axes);
  const combinations: ParamValues[] = [];
  let rejected = 0;
  const consider = (index: number) => {
    const params = combinationAt(space, index);
    if (admits(space, params)) combinations.push(params);
    else rejected++;
  };
  if (search.kind === "grid") {
    if (size > MAX_COMBINATIONS) {
      throw new PipscopeError(
        "SWEEP_TOO_LARGE",
        `the grid has ${size.toLocaleString("en")} combinations; a sweep runs at most ${MAX_COMBINATIONS.toLocaleString("en")}: narrow the ranges or sample it with a random search`,
      );
    }
    for (let i = 0; i < size; i++) consider(i);
  } else {
    const { samples, seed } = search;
    if (!(Number.isInteger(samples) && samples >= 1 && samples <= MAX_COMBINATIONS)) {
      throw new PipscopeError(
        "SWEEP_BAD_SEARCH",
        `a random search draws 1 to ${MAX_COMBINATIONS.toLocaleString("en")} samples, got ${samples}`,
        { field: "samples" },
      );
    }
    const random = seededRandom(seed);
    const drawn = new Set<number>();
    // Constraints may turn most draws away: stop after a bounded number of tries.
    const attempts = samples * 50;
    for (let t = 0; t < attempts && combinations.length < samples && drawn.size < size; t++) {
      const index = Math.floor(random() * size);
      if (drawn.has(index)) continue;
      drawn.add(index);
      consider(index);
    }
  }
  if (combinations.length === 0) {
    throw new PipscopeError(
      "SWEEP_EMPTY",
      `no combination satisfies the constraints (${space.constraints.map((c) => c.source).join("; ")})`,
      { field: "constraint" },
    );
  }
  return { combinations, gridSize: size, rejected };
}
