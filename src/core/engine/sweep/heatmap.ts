import type { ParamValues } from "../../strategy/params.ts";
import type { Objective } from "./objective.ts";
import type { SweepRow } from "./protocol.ts";
import { better, objectiveValue } from "./ranking.ts";
import type { ParamAxis, ParamValue } from "./space.ts";

/**
 * How the parameters off the two heatmap axes are treated: the best or the mean objective value
 * over them, or held at given values (`fixed`, one value per other varied parameter).
 */
export type HeatmapMode = { kind: "best" } | { kind: "mean" } | { kind: "fixed"; values: ParamValues };

export interface HeatmapCell {
  /** The objective's value in the cell (best or mean), null when no run there has one. */
  value: number | null;
  /** Runs with a value in the cell. */
  count: number;
  /** The cell's best run (clicking a cell runs its combination in full). */
  best?: SweepRow;
}

/** A 2-D grid of the objective over two varied parameters: `cells[y][x]`. */
export interface Heatmap {
  x: ParamAxis;
  y: ParamAxis;
  cells: HeatmapCell[][];
  /** Range of the cells' values (for the colour scale); NaN when no cell has one. */
  min: number;
  max: number;
}

/**
 * Aggregates finished rows onto two of the sweep's axes. Rows that are still missing (a sweep in
 * progress or cancelled) leave empty cells; rows off the `fixed` values are skipped.
 */
export function heatmap(
  rows: readonly SweepRow[],
  objective: Objective,
  x: ParamAxis,
  y: ParamAxis,
  mode: HeatmapMode,
): Heatmap {
  const position = (axis: ParamAxis) => new Map<ParamValue, number>(axis.values.map((v, i) => [v, i]));
  const xAt = position(x);
  const yAt = position(y);
  const sums = y.values.map(() => x.values.map(() => 0));
  const cells: HeatmapCell[][] = y.values.map(() => x.values.map(() => ({ value: null, count: 0 })));
  for (const row of rows) {
    const xi = xAt.get(row.params[x.name]);
    const yi = yAt.get(row.params[y.name]);
    if (xi === undefined || yi === undefined) continue;
    if (mode.kind === "fixed" && !matches(row.params, mode.values, x.name, y.name)) continue;
    const value = objectiveValue(objective, row);
    if (!Number.isFinite(value)) continue;
    const cell = cells[yi][xi];
    const bestValue = cell.best ? objectiveValue(objective, cell.best) : Number.NaN;
    if (!cell.best || better(objective, value, bestValue)) cell.best = row;
    cell.count++;
    sums[yi][xi] += value;
  }
  let min = Number.NaN;
  let max = Number.NaN;
  cells.forEach((line, yi) => {
    line.forEach((cell, xi) => {
      if (!cell.best) return;
      cell.value = mode.kind === "mean" ? sums[yi][xi] / cell.count : objectiveValue(objective, cell.best);
      if (Number.isNaN(min) || cell.value < min) min = cell.value;
      if (Number.isNaN(max) || cell.value > max) max = cell.value;
    });
  });
  return { x, y, cells, min, max };
}

function matches(params: ParamValues, fixed: ParamValues, xName: string, yName: string): boolean {
  for (const [name, value] of Object.entries(fixed)) {
    if (name !== xName && name !== yName && params[name] !== value) return false;
  }
  return true;
}
